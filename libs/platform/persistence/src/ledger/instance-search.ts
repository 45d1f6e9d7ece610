import { And, FindOperator, FindOptionsWhere, LessThan, MoreThanOrEqual, Raw } from 'typeorm';
import type { InstanceState, SourceType } from '@axiom/domain';
import type { InstanceEntity } from '../entities/instance.entity';

/** The console's ledger search: every field optional, combined with AND. */
export interface InstanceSearch {
  state?: InstanceState;
  studyInstanceUid?: string;
  sopInstanceUid?: string;
  patientId?: string;
  accessionNumber?: string;
  sourceName?: string;
  sourceType?: SourceType;
  /** A case-insensitive "contains". */
  patientName?: string;
  /** Inclusive. */
  receivedAfter?: Date;
  /** Exclusive. */
  receivedBefore?: Date;
}

/** `%` and `_` typed by a person are literal characters, not wildcards. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function receivedBetween(after?: Date, before?: Date): FindOperator<Date> | undefined {
  const from = after === undefined ? undefined : MoreThanOrEqual(after);
  const to = before === undefined ? undefined : LessThan(before);
  if (from && to) return And(from, to);
  return from ?? to;
}

/**
 * The search as a TypeORM where clause, the same on both dialects: exact matches on
 * identifiers, a case-insensitive "contains" on the patient name (LOWER folds ASCII on SQLite,
 * every letter on PostgreSQL) and a half-open window on the receive time.
 */
export function instanceSearchWhere(q: InstanceSearch): FindOptionsWhere<InstanceEntity> {
  const where: FindOptionsWhere<InstanceEntity> = {};
  if (q.state !== undefined) where.state = q.state;
  if (q.studyInstanceUid !== undefined) where.studyInstanceUid = q.studyInstanceUid;
  if (q.sopInstanceUid !== undefined) where.sopInstanceUid = q.sopInstanceUid;
  if (q.patientId !== undefined) where.patientId = q.patientId;
  if (q.accessionNumber !== undefined) where.accessionNumber = q.accessionNumber;
  if (q.sourceName !== undefined) where.sourceName = q.sourceName;
  if (q.sourceType !== undefined) where.sourceType = q.sourceType;
  if (q.patientName !== undefined && q.patientName.trim() !== '') {
    const pattern = `%${likeLiteral(q.patientName.trim().toLowerCase())}%`;
    where.patientName = Raw((column) => `LOWER(${column}) LIKE :patientName ESCAPE '\\'`, { patientName: pattern });
  }
  const received = receivedBetween(q.receivedAfter, q.receivedBefore);
  if (received) where.receivedAt = received;
  return where;
}
