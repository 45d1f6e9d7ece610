import { SignJWT, generateKeyPair } from 'jose';
import { OAuth2Server } from 'oauth2-mock-server';

export const OIDC_CLIENT_ID = 'axiom-e2e-client.apps.googleusercontent.com';

/**
 * A local OpenID Connect issuer standing in for Google: no test talks to Google. A process
 * started separately is pointed at it through `env()`. The port is the OS's choice unless given.
 */
export class OidcStandIn {
  private readonly server = new OAuth2Server();

  constructor(private readonly port = 0) {}

  async start(): Promise<void> {
    await this.server.issuer.keys.generate('RS256');
    await this.server.start(this.port, '127.0.0.1');
  }

  get issuer(): string {
    return this.server.issuer.url ?? '';
  }

  /** The environment that points Axiom Flow's Google verification at this issuer. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      GOOGLE_OAUTH_CLIENT_ID: OIDC_CLIENT_ID,
      GOOGLE_ISSUERS: this.issuer,
      GOOGLE_JWKS_URI: `${this.issuer}/jwks`,
      ...extra,
    };
  }

  /** An ID token signed by the issuer's published key, with claims overridable. */
  async idToken(claims: Record<string, unknown>): Promise<string> {
    return this.server.issuer.buildToken({
      scopesOrTransform: (_header, payload) => {
        Object.assign(payload, { aud: OIDC_CLIENT_ID, email_verified: true, name: 'Test Person' }, claims);
      },
    });
  }

  /** The same claims, signed by a key the issuer never published (under the real key's kid). */
  async forgedIdToken(claims: Record<string, unknown>): Promise<string> {
    const { privateKey } = await generateKeyPair('RS256');
    const kid = this.server.issuer.keys.get()?.kid;
    return new SignJWT({ email_verified: true, ...claims })
      .setProtectedHeader({ alg: 'RS256', ...(kid ? { kid } : {}) })
      .setIssuer(this.issuer)
      .setAudience(OIDC_CLIENT_ID)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
  }

  /** Adds claims to every token the issuer's endpoints sign while `work` runs (the code flow). */
  async withTokenClaims<T>(claims: Record<string, unknown>, work: () => Promise<T>): Promise<T> {
    const add = (token: { payload: Record<string, unknown> }): void => {
      Object.assign(token.payload, claims);
    };
    this.server.service.on('beforeTokenSigning', add);
    try {
      return await work();
    } finally {
      this.server.service.off('beforeTokenSigning', add);
    }
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }
}
