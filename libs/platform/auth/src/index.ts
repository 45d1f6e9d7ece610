export * from './access-token.service';
export * from './api-key-hasher';
export * from './auth.exception';
export * from './auth.guard';
export * from './auth.module';
export * from './google-id-token.verifier';
export * from './identity';
export * from './identity-resolver.service';
export * from './rate-limiter';
export * from './roles.decorator';
export * from './google-oauth.strategy';
/** The secret box and key material moved to @axiom/secrets; re-exported for existing importers. */
export * from '@axiom/secrets';
