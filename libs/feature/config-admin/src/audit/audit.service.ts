import { Injectable } from '@nestjs/common';
import type { AuditAction, AuditEntryDto, AuditQueryDto } from '@axiom/contracts';
import type { Identity } from '@axiom/auth';
import { AuditStore } from '@axiom/persistence';
import { isoRequired } from '../common/wire';
import { maskSecrets } from './mask-secrets';

/** One change to audit: who, what, and the before/after as the API shows them. */
export interface AuditRecord {
  actor: Identity | null;
  action: AuditAction;
  entityType: string;
  entityId: number | string | null;
  before?: unknown;
  after?: unknown;
}

/** Who changed which configuration, when, with before/after (secrets masked). */
@Injectable()
export class AuditService {
  constructor(private readonly log: AuditStore) {}

  async record(r: AuditRecord): Promise<void> {
    await this.log.append({
      createdAt: new Date(),
      userId: r.actor?.userId ?? null,
      actor: r.actor?.email ?? null,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId === null ? null : String(r.entityId),
      before: r.before === undefined ? null : maskSecrets(r.before),
      after: r.after === undefined ? null : maskSecrets(r.after),
    });
  }

  async list(q: AuditQueryDto): Promise<AuditEntryDto[]> {
    const rows = await this.log.search({
      entityType: q.entity_type,
      entityId: q.entity_id,
      action: q.action,
      userId: q.user_id,
      since: q.since === undefined ? undefined : new Date(q.since),
      until: q.until === undefined ? undefined : new Date(q.until),
      limit: q.limit ?? 100,
      offset: q.offset ?? 0,
    });
    return rows.map((r) => ({
      id: r.id,
      created_at: isoRequired(r.createdAt),
      user_id: r.userId,
      actor: r.actor,
      action: r.action,
      entity_type: r.entityType,
      entity_id: r.entityId,
      before: r.before,
      after: r.after,
    }));
  }
}
