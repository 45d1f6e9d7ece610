import { Inject, Injectable } from '@nestjs/common';
import { SignJWT, jwtVerify } from 'jose';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { KEY_MATERIAL, KeyMaterial } from '@axiom/secrets';

const ISSUER = 'axiom-flow';

/** Our own access tokens: HS256 JWTs keyed by SECRET_KEY, subject = user id. */
@Injectable()
export class AccessTokenService {
  constructor(
    @Inject(KEY_MATERIAL) private readonly keys: KeyMaterial,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(user: { id: number; email: string }): Promise<string> {
    return new SignJWT({ email: user.email })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(user.id))
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${this.config.auth.accessTokenMinutes}m`)
      .sign(this.keys.tokenKey);
  }

  /** The user id of a valid, unexpired token; null otherwise (a token without `exp` never expires: refused). */
  async verify(token: string): Promise<number | null> {
    try {
      const { payload } = await jwtVerify(token, this.keys.tokenKey, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'sub'],
      });
      const id = Number(payload.sub);
      return Number.isInteger(id) && id > 0 ? id : null;
    } catch {
      return null;
    }
  }
}
