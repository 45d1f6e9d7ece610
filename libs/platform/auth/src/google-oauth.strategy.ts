import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-google-oauth20';
import { ErrorCode } from '@axiom/contracts';
import type { AppConfig } from '@axiom/platform-config';
import { AuthException } from './auth.exception';
import { GoogleIdTokenVerifier, GoogleIdentity } from './google-id-token.verifier';

export const GOOGLE_STRATEGY = 'google';

/**
 * The console's browser redirect flow (authorization code). The ID token of the token response
 * goes through the same verification as POST /auth/google. Endpoints come from the configuration.
 */
export class GoogleOauthStrategy extends PassportStrategy(Strategy, GOOGLE_STRATEGY, true) {
  constructor(
    config: AppConfig,
    private readonly verifier: GoogleIdTokenVerifier,
  ) {
    const g = config.auth.google;
    super({
      clientID: g.clientId ?? '',
      clientSecret: g.clientSecret ?? '',
      callbackURL: g.redirectUri ?? '',
      authorizationURL: g.authorizationUrl,
      tokenURL: g.tokenUrl,
      userProfileURL: g.userInfoUrl,
      scope: ['openid', 'email', 'profile'],
      skipUserProfile: true,
      state: false,
    });
  }

  // four parameters: passport-oauth2 passes `params` (with id_token) only to a verify callback of arity 5
  async validate(
    _accessToken: string,
    _refreshToken: string,
    params: { id_token?: string },
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    _profile: unknown,
  ): Promise<GoogleIdentity> {
    if (!params.id_token) throw AuthException.unauthenticated('Google returned no ID token');
    return this.verifier.verify(params.id_token);
  }
}

/** True when the redirect flow has everything it needs. */
export function googleRedirectConfigured(config: AppConfig): boolean {
  const g = config.auth.google;
  return g.clientId !== null && g.clientSecret !== null && g.redirectUri !== null;
}

/** Holds the strategy when configured (passport registers it on construction). */
export class GoogleOauthStrategyHolder {
  constructor(readonly strategy: GoogleOauthStrategy | null) {}
}

/** Runs the passport flow; 503 when GOOGLE_OAUTH_CLIENT_ID/SECRET/REDIRECT_URI are not all set. */
@Injectable()
export class GoogleOauthGuard extends AuthGuard(GOOGLE_STRATEGY) {
  constructor(private readonly strategy: GoogleOauthStrategyHolder) {
    super();
  }

  override canActivate(context: ExecutionContext): ReturnType<CanActivate['canActivate']> {
    if (!this.strategy.strategy) {
      throw new AuthException(
        ErrorCode.NotConfigured,
        'the Google redirect flow needs GOOGLE_OAUTH_CLIENT_ID, GOOGLE_OAUTH_CLIENT_SECRET and GOOGLE_OAUTH_REDIRECT_URI',
      );
    }
    return super.canActivate(context);
  }
}
