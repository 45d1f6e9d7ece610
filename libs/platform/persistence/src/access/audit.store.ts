import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { And, DataSource, FindOptionsWhere, LessThan, MoreThanOrEqual, Repository } from 'typeorm';
import { AuditLogEntity } from '../entities/audit-log.entity';

/** One audit entry as written: before and after are already masked by the caller. */
export type NewAuditEntry = Omit<AuditLogEntity, 'id'>;

/**
 * Filters of the audit log (combined with AND). `since` is inclusive and `until` exclusive,
 * alone or together (as the query's documentation says): windows that meet do not overlap.
 */
export interface AuditSearch {
  entityType?: string;
  entityId?: string;
  action?: string;
  userId?: number;
  since?: Date;
  until?: Date;
  limit: number;
  offset: number;
}

/** The audit log: appended by every configuration change, searched by the audit route. */
@Injectable()
export class AuditStore {
  private readonly log: Repository<AuditLogEntity>;

  constructor(@InjectDataSource() db: DataSource) {
    this.log = db.getRepository(AuditLogEntity);
  }

  async append(entry: NewAuditEntry): Promise<void> {
    await this.log.save(this.log.create(entry));
  }

  /** Matching entries, newest first, one page. */
  search(q: AuditSearch): Promise<AuditLogEntity[]> {
    const where: FindOptionsWhere<AuditLogEntity> = {};
    if (q.entityType !== undefined) where.entityType = q.entityType;
    if (q.entityId !== undefined) where.entityId = q.entityId;
    if (q.action !== undefined) where.action = q.action;
    if (q.userId !== undefined) where.userId = q.userId;
    if (q.since !== undefined && q.until !== undefined)
      where.createdAt = And(MoreThanOrEqual(q.since), LessThan(q.until));
    else if (q.since !== undefined) where.createdAt = MoreThanOrEqual(q.since);
    else if (q.until !== undefined) where.createdAt = LessThan(q.until);
    return this.log.find({ where, order: { id: 'DESC' }, take: q.limit, skip: q.offset });
  }
}
