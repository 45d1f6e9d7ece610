import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { ErrorCode } from '@axiom/contracts';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { AuthException } from './auth.exception';

export interface GoogleIdentity {
  subject: string;
  email: string;
  name: string | null;
}

/**
 * Verifies a Google ID token: signature against the issuer's JWKS, issuer, audience (our client
 * id), expiry and `email_verified`. The endpoints come from the configuration, so tests run
 * against a local OpenID Connect stand-in.
 */
@Injectable()
export class GoogleIdTokenVerifier {
  private jwks: ReturnType<typeof createRemoteJWKSet> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  isConfigured(): boolean {
    return this.config.auth.google.clientId !== null;
  }

  async verify(idToken: string): Promise<GoogleIdentity> {
    const { clientId, issuers, jwksUri } = this.config.auth.google;
    if (clientId === null)
      throw new AuthException(ErrorCode.NotConfigured, 'Google sign-in is not configured (GOOGLE_OAUTH_CLIENT_ID)');
    this.jwks ??= createRemoteJWKSet(new URL(jwksUri));
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(idToken, this.jwks, {
        issuer: issuers,
        audience: clientId,
        algorithms: ['RS256', 'ES256'],
      }));
    } catch {
      throw AuthException.unauthenticated('invalid Google ID token');
    }
    const email = typeof payload['email'] === 'string' ? payload['email'].toLowerCase() : null;
    if (!email || typeof payload['sub'] !== 'string')
      throw AuthException.unauthenticated('the Google ID token carries no email');
    if (payload['email_verified'] !== true && payload['email_verified'] !== 'true') {
      throw AuthException.unauthenticated('the Google account email is not verified');
    }
    return { subject: payload['sub'], email, name: typeof payload['name'] === 'string' ? payload['name'] : null };
  }
}
