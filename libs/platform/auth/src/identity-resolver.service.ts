import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RoleName } from '@axiom/domain';
import { ApiKeyEntity, UserEntity } from '@axiom/persistence';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { AccessTokenService } from './access-token.service';
import { VerifiedKeyCache, parseApiKey } from './api-key-hasher';
import { AuthException } from './auth.exception';
import type { AuthenticatedRequest, Identity } from './identity';
import { RateLimiter } from './rate-limiter';

const LAST_USED_RESOLUTION_MS = 60_000;

type Credential = { kind: 'api-key'; value: string } | { kind: 'bearer'; value: string };

/** Turns request headers into an Identity: `Api-Key`, `X-API-Key` or `Bearer` (our JWT). */
@Injectable()
export class IdentityResolver {
  private readonly keyCache = new VerifiedKeyCache();

  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
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
    const user = userId === null ? null : await this.users.findOne({ where: { id: userId } });
    if (!user || !user.isActive) throw AuthException.unauthenticated('invalid or expired access token');
    return toIdentity(user, null);
  }

  private async fromApiKey(text: string, address: string): Promise<Identity> {
    const parsed = parseApiKey(text);
    const row = parsed ? await this.keys.findOne({ where: { prefix: parsed.prefix }, relations: { user: { roles: true } } }) : null;
    const valid = parsed !== null && row !== null && (await this.keyCache.verify(parsed.fullKey, row.hashedKey));
    if (!valid || !row) {
      this.limiter.consume(`bad-key:${address}`, this.config.auth.signInRatePerMinute);
      throw AuthException.unauthenticated('invalid API key');
    }
    if (!row.isActive || (row.expiresAt !== null && row.expiresAt.getTime() <= Date.now()) || !row.user.isActive) {
      throw AuthException.unauthenticated('API key revoked or expired');
    }
    this.limiter.consume(`key:${row.prefix}`, this.config.auth.apiKeyRatePerMinute);
    if (row.lastUsedAt === null || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.keys.update({ id: row.id }, { lastUsedAt: new Date() });
    }
    return toIdentity(row.user, row.id);
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
  if (!m || !m[1] || !m[2]) throw AuthException.unauthenticated('unsupported Authorization header: use "Bearer <token>" or "Api-Key <key>"');
  return m[1].toLowerCase() === 'bearer' ? { kind: 'bearer', value: m[2] } : { kind: 'api-key', value: m[2] };
}
