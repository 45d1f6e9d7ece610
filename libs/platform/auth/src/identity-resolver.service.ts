import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { ApiKeyEntity, CredentialStore, UserEntity } from '@axiom/persistence';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { AccessTokenService } from './access-token.service';
import { VerifiedKeyCache, parseApiKey, verifyApiKey } from './api-key-hasher';
import { AuthException } from './auth.exception';
import type { AuthenticatedRequest, Identity } from './identity';
import { RateLimiter } from './rate-limiter';
import { VerificationGate } from './verification-gate';

const LAST_USED_RESOLUTION_MS = 60_000;

type Credential = { kind: 'api-key'; value: string } | { kind: 'bearer'; value: string };

/** Turns request headers into an Identity: `Api-Key`, `X-API-Key` or `Bearer` (our JWT). */
@Injectable()
export class IdentityResolver {
  private readonly keyCache = new VerifiedKeyCache();
  private readonly gate = new VerificationGate();

  constructor(
    private readonly credentials: CredentialStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: AccessTokenService,
    private readonly limiter: RateLimiter,
  ) {}

  /** null when the request carries no credential; 401 when it carries a bad one. */
  async resolve(req: AuthenticatedRequest): Promise<Identity | null> {
    const credential = credentialOf(req);
    if (!credential) return null;
    if (credential.kind === 'bearer') return this.fromToken(credential.value);
    return this.fromApiKey(credential.value, req.ip ?? 'unknown');
  }

  private async fromToken(token: string): Promise<Identity> {
    const userId = await this.tokens.verify(token);
    const user = userId === null ? null : await this.credentials.userById(userId);
    if (!user || !user.isActive) throw AuthException.unauthenticated('invalid or expired access token');
    return toIdentity(user, null);
  }

  /** Drops what the resolver remembers of a key: call on revoke, update and delete. */
  forgetApiKey(keyId: number): void {
    this.keyCache.forget(keyId);
  }

  private async fromApiKey(text: string, address: string): Promise<Identity> {
    const parsed = parseApiKey(text);
    const row = parsed ? await this.credentials.apiKeyByPrefix(parsed.prefix) : null;
    if (!parsed || !row) {
      this.limiter.consume(`bad-key:${address}`, this.config.auth.signInRatePerMinute);
      throw AuthException.unauthenticated('invalid API key');
    }
    if (!this.keyCache.knows(parsed.fullKey, row.id, row.hashedKey))
      await this.verifyWithScrypt(parsed.fullKey, row, address);
    if (!row.isActive || (row.expiresAt !== null && row.expiresAt.getTime() <= Date.now()) || !row.user.isActive) {
      throw AuthException.unauthenticated('API key revoked or expired');
    }
    this.limiter.consume(`key:${row.prefix}`, this.config.auth.apiKeyRatePerMinute);
    if (row.lastUsedAt === null || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.credentials.touchApiKey(row.id, new Date());
    }
    return toIdentity(row.user, row.id);
  }

  /**
   * The expensive check, counted before it runs: every attempt takes one hit of the per-address
   * and per-prefix bad-key windows, and a success gives it back. So a flood of wrong secrets is
   * refused (429) without hashing once the window is full, while good keys never use it up.
   */
  private async verifyWithScrypt(fullKey: string, row: ApiKeyEntity, address: string): Promise<void> {
    const limit = this.config.auth.signInRatePerMinute;
    const windows = [`bad-key:${address}`, `bad-key-prefix:${row.prefix}`];
    const within = windows.map((w) => this.limiter.take(w, limit));
    if (within.includes(false))
      throw new AuthException(ErrorCode.RateLimited, 'too many failed API key attempts, retry in a minute');
    if (!(await this.gate.run(() => verifyApiKey(fullKey, row.hashedKey))))
      throw AuthException.unauthenticated('invalid API key');
    for (const w of windows) this.limiter.refund(w);
    this.keyCache.remember(fullKey, row.id, row.hashedKey);
  }
}

function toIdentity(user: UserEntity, apiKeyId: number | null): Identity {
  const known = new Set<string>(Object.values(RoleName));
  const roles = (user.roles ?? []).map((r) => r.name).filter((n): n is RoleName => known.has(n));
  return { userId: user.id, email: user.email, roles, apiKeyId };
}

function credentialOf(req: AuthenticatedRequest): Credential | null {
  const header = req.headers['x-api-key'];
  const xApiKey = Array.isArray(header) ? header[0] : header;
  if (xApiKey) return { kind: 'api-key', value: xApiKey };
  const authorization = req.headers.authorization;
  if (!authorization) return null;
  const m = /^(Api-Key|Bearer)\s+(\S+)\s*$/i.exec(authorization);
  if (!m || !m[1] || !m[2])
    throw AuthException.unauthenticated('unsupported Authorization header: use "Bearer <token>" or "Api-Key <key>"');
  return m[1].toLowerCase() === 'bearer' ? { kind: 'bearer', value: m[2] } : { kind: 'api-key', value: m[2] };
}
