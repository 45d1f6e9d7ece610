import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CredentialPersistenceModule } from '@axiom/persistence';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { SecretsModule } from '@axiom/secrets';
import { AccessTokenService } from './access-token.service';
import { AuthGuard } from './auth.guard';
import { GoogleIdTokenVerifier } from './google-id-token.verifier';
import {
  GoogleOauthGuard,
  GoogleOauthStrategy,
  GoogleOauthStrategyHolder,
  googleRedirectConfigured,
} from './google-oauth.strategy';
import { IdentityResolver } from './identity-resolver.service';
import { RateLimiter } from './rate-limiter';

/**
 * Authentication and authorization for every HTTP route (global guard), plus the services the
 * sign-in and key routes use. Needs APP_CONFIG and the database connection.
 */
@Global()
@Module({
  imports: [SecretsModule, CredentialPersistenceModule],
  providers: [
    { provide: RateLimiter, useFactory: () => new RateLimiter() },
    AccessTokenService,
    GoogleIdTokenVerifier,
    IdentityResolver,
    {
      provide: GoogleOauthStrategyHolder,
      inject: [APP_CONFIG, GoogleIdTokenVerifier],
      useFactory: (config: AppConfig, verifier: GoogleIdTokenVerifier) =>
        new GoogleOauthStrategyHolder(
          googleRedirectConfigured(config) ? new GoogleOauthStrategy(config, verifier) : null,
        ),
    },
    GoogleOauthGuard,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [
    SecretsModule,
    RateLimiter,
    AccessTokenService,
    GoogleIdTokenVerifier,
    IdentityResolver,
    GoogleOauthGuard,
    GoogleOauthStrategyHolder,
  ],
})
export class AuthModule {}
