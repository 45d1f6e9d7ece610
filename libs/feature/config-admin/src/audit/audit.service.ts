import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, FindOptionsWhere, LessThan, MoreThanOrEqual, Repository } from 'typeorm';
import type { AuditAction, AuditEntryDto, AuditQueryDto } from '@axiom/contracts';
import type { Identity } from '@axiom/auth';
import { AuditLogEntity } from '@axiom/persistence';
import { isoRequired } from '../common/wire';
import { maskSecrets } from './mask-secrets';

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
  constructor(@InjectRepository(AuditLogEntity) private readonly log: Repository<AuditLogEntity>) {}

  async record(r: AuditRecord): Promise<void> {
    const row = this.log.create({
      createdAt: new Date(),
      userId: r.actor?.userId ?? null,
      actor: r.actor?.email ?? null,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId === null ? null : String(r.entityId),
      before: r.before === undefined ? null : maskSecrets(r.before),
      after: r.after === undefined ? null : maskSecrets(r.after),
    });
    await this.log.save(row);
  }

  async list(q: AuditQueryDto): Promise<AuditEntryDto[]> {
    const where: FindOptionsWhere<AuditLogEntity> = {};
    if (q.entity_type !== undefined) where.entityType = q.entity_type;
    if (q.entity_id !== undefined) where.entityId = q.entity_id;
    if (q.action !== undefined) where.action = q.action;
    if (q.user_id !== undefined) where.userId = q.user_id;
    if (q.since !== undefined && q.until !== undefined) where.createdAt = Between(new Date(q.since), new Date(q.until));
    else if (q.since !== undefined) where.createdAt = MoreThanOrEqual(new Date(q.since));
    else if (q.until !== undefined) where.createdAt = LessThan(new Date(q.until));
    const rows = await this.log.find({ where, order: { id: 'DESC' }, take: q.limit ?? 100, skip: q.offset ?? 0 });
    return rows.map((r) => ({
      id: r.id, created_at: isoRequired(r.createdAt), user_id: r.userId, actor: r.actor, action: r.action,
      entity_type: r.entityType, entity_id: r.entityId, before: r.before, after: r.after,
    }));
  }
}
