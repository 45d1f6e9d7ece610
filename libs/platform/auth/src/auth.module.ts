import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity, UserEntity } from '@axiom/persistence';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { AccessTokenService } from './access-token.service';
import { AuthGuard } from './auth.guard';
import { GoogleIdTokenVerifier } from './google-id-token.verifier';
import { GoogleOauthGuard, GoogleOauthStrategy, GoogleOauthStrategyHolder, googleRedirectConfigured } from './google-oauth.strategy';
import { IdentityResolver } from './identity-resolver.service';
import { KEY_MATERIAL, KeyMaterial, loadKeyMaterial } from './key-material';
import { RateLimiter } from './rate-limiter';
import { SecretBox } from './secret-box';

/**
 * Authentication and authorization for every HTTP route (global guard), plus the services the
 * sign-in and key routes use. Needs APP_CONFIG and the TypeORM root connection.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity, UserEntity])],
  providers: [
    { provide: KEY_MATERIAL, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadKeyMaterial(config) },
    { provide: SecretBox, inject: [KEY_MATERIAL], useFactory: (keys: KeyMaterial) => new SecretBox(keys.encryptionKey) },
    { provide: RateLimiter, useFactory: () => new RateLimiter() },
    AccessTokenService,
    GoogleIdTokenVerifier,
    IdentityResolver,
    {
      provide: GoogleOauthStrategyHolder,
      inject: [APP_CONFIG, GoogleIdTokenVerifier],
      useFactory: (config: AppConfig, verifier: GoogleIdTokenVerifier) =>
        new GoogleOauthStrategyHolder(googleRedirectConfigured(config) ? new GoogleOauthStrategy(config, verifier) : null),
    },
    GoogleOauthGuard,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [SecretBox, RateLimiter, AccessTokenService, GoogleIdTokenVerifier, IdentityResolver, GoogleOauthGuard, GoogleOauthStrategyHolder],
})
export class AuthModule {}
