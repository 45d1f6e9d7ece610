import { Injectable } from '@nestjs/common';
import { Identity, IdentityResolver, generateApiKey, hashApiKey, isAdmin, parseApiKey } from '@axiom/auth';
import {
  ErrorCode,
  type ApiKeyDto,
  type CreateApiKeyDto,
  type CreatedApiKeyDto,
  type UpdateApiKeyDto,
} from '@axiom/contracts';
import { ApiKeyEntity, ApiKeysStore } from '@axiom/persistence';
import { AuditService } from '../../audit/audit.service';
import { RequestException } from '@axiom/platform-http';
import { iso, isoRequired } from '../../common/wire';

const KIND = 'API key';

/** A key as the API shows it: never the key or its hash. */
export function toApiKeyDto(row: ApiKeyEntity): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    is_active: row.isActive,
    expires_at: iso(row.expiresAt),
    last_used_at: iso(row.lastUsedAt),
    user_id: row.userId,
    created_at: isoRequired(row.createdAt),
    updated_at: isoRequired(row.updatedAt),
  };
}

/** Keys belong to a user; a user sees and changes only their own, an Admin all of them. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysStore,
    private readonly audit: AuditService,
    private readonly identities: IdentityResolver,
  ) {}

  async list(actor: Identity): Promise<ApiKeyDto[]> {
    return (await this.keys.list(isAdmin(actor) ? undefined : actor.userId)).map(toApiKeyDto);
  }

  async get(id: number, actor: Identity): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.load(id, actor));
  }

  async create(dto: CreateApiKeyDto, actor: Identity): Promise<CreatedApiKeyDto> {
    const expiresAt = dto.expires_at ? new Date(dto.expires_at) : null;
    if (expiresAt !== null && expiresAt.getTime() <= Date.now()) {
      throw RequestException.invalid([{ path: 'expires_at', message: 'must be in the future' }]);
    }
    const created = await this.issue({ userId: actor.userId, name: dto.name, expiresAt });
    await this.audit.record({
      actor,
      action: 'create',
      entityType: 'api_key',
      entityId: created.id,
      after: toApiKeyDto(await this.load(created.id, actor)),
    });
    return created;
  }

  /** Stores a new key (or the given one, for AXIOM_ADMIN_API_KEY) and returns it once. */
  async issue(params: {
    userId: number;
    name: string;
    expiresAt: Date | null;
    fullKey?: string;
  }): Promise<CreatedApiKeyDto> {
    const key = params.fullKey !== undefined ? parseApiKey(params.fullKey) : generateApiKey();
    if (!key) throw new RequestException(ErrorCode.ValidationFailed, 'an API key must look like <prefix>_<secret>');
    const row = await this.keys.create({
      name: params.name,
      prefix: key.prefix,
      hashedKey: await hashApiKey(key.fullKey),
      expiresAt: params.expiresAt,
      userId: params.userId,
    });
    return { ...toApiKeyDto(row), full_key: key.fullKey };
  }

  async update(id: number, dto: UpdateApiKeyDto, actor: Identity): Promise<ApiKeyDto> {
    const row = await this.load(id, actor);
    const before = toApiKeyDto(row);
    assertNoLongerLived(row, dto);
    row.name = dto.name ?? row.name;
    row.isActive = dto.is_active ?? row.isActive;
    if (dto.expires_at !== undefined && dto.expires_at !== null) row.expiresAt = new Date(dto.expires_at);
    const after = toApiKeyDto(await this.keys.save(row));
    this.identities.forgetApiKey(id);
    await this.audit.record({ actor, action: 'update', entityType: 'api_key', entityId: id, before, after });
    return after;
  }

  /** Revokes the key: it stops working at once; the row stays for the audit trail. */
  async revoke(id: number, actor: Identity): Promise<void> {
    const row = await this.load(id, actor);
    const before = toApiKeyDto(row);
    row.isActive = false;
    const after = toApiKeyDto(await this.keys.save(row));
    this.identities.forgetApiKey(id);
    await this.audit.record({ actor, action: 'revoke', entityType: 'api_key', entityId: id, before, after });
  }

  private async load(id: number, actor: Identity): Promise<ApiKeyEntity> {
    const row = await this.keys.findById(id);
    // another user's key is "not found" for a non-Admin: no probing of ids
    if (!row || (!isAdmin(actor) && row.userId !== actor.userId)) throw RequestException.notFound(KIND, id);
    return row;
  }
}

/**
 * An update may only narrow a key: a revoked key stays revoked (whoever holds another key of the
 * user cannot bring a leaked one back), and an expiry can be brought forward, never cleared or
 * moved later.
 */
function assertNoLongerLived(row: ApiKeyEntity, dto: UpdateApiKeyDto): void {
  if (!row.isActive && dto.is_active === true) {
    throw RequestException.invalid([
      { path: 'is_active', message: 'a revoked key cannot be re-activated: create a new key' },
    ]);
  }
  if (dto.expires_at === undefined || row.expiresAt === null) return;
  if (dto.expires_at === null) {
    throw RequestException.invalid([{ path: 'expires_at', message: 'an expiry cannot be removed: create a new key' }]);
  }
  if (new Date(dto.expires_at).getTime() > new Date(row.expiresAt).getTime()) {
    throw RequestException.invalid([
      {
        path: 'expires_at',
        message: `an expiry can only be brought forward (now ${new Date(row.expiresAt).toISOString()}): create a new key`,
      },
    ]);
  }
}
