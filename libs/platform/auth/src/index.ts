export { AccessTokenService } from './access-token.service';
export { generateApiKey, hashApiKey, parseApiKey } from './api-key-hasher';
export { AuthException } from './auth.exception';
export { AuthModule } from './auth.module';
export { GoogleIdTokenVerifier, type GoogleIdentity } from './google-id-token.verifier';
export { GoogleOauthGuard, googleRedirectConfigured } from './google-oauth.strategy';
export { CurrentIdentity, isAdmin, type Identity } from './identity';
export { IdentityResolver } from './identity-resolver.service';
export { RateLimiter } from './rate-limiter';
export { Public, Roles } from './roles.decorator';
/** The secret box and key material live in @axiom/secrets; these are re-exported for the importers that still take them from here. */
export { KEY_MATERIAL, SecretBox, loadMorphSecret, type KeyMaterial } from '@axiom/secrets';
