import { And, FindOperator, FindOptionsWhere, LessThan, MoreThanOrEqual, Raw } from 'typeorm';
import type { InstanceQueryDto } from '@axiom/contracts';
import type { InstanceEntity } from '@axiom/persistence';

/** `%` and `_` typed by a person are literal characters, not wildcards. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function receivedBetween(after?: string, before?: string): FindOperator<Date> | undefined {
  const from = after === undefined ? undefined : MoreThanOrEqual(new Date(after));
  const to = before === undefined ? undefined : LessThan(new Date(before));
  if (from && to) return And(from, to);
  return from ?? to;
}

/**
 * The ledger search of the console as a TypeORM where clause, the same on both dialects: exact
 * matches on identifiers, a case-insensitive "contains" on the patient name (LOWER folds ASCII
 * on SQLite, every letter on PostgreSQL) and a half-open window on the receive time.
 */
export function instanceSearchWhere(q: InstanceQueryDto): FindOptionsWhere<InstanceEntity> {
  const where: FindOptionsWhere<InstanceEntity> = {};
  if (q.state !== undefined) where.state = q.state;
  if (q.study_instance_uid !== undefined) where.studyInstanceUid = q.study_instance_uid;
  if (q.sop_instance_uid !== undefined) where.sopInstanceUid = q.sop_instance_uid;
  if (q.patient_id !== undefined) where.patientId = q.patient_id;
  if (q.accession_number !== undefined) where.accessionNumber = q.accession_number;
  if (q.source_name !== undefined) where.sourceName = q.source_name;
  if (q.source_type !== undefined) where.sourceType = q.source_type;
  if (q.patient_name !== undefined && q.patient_name.trim() !== '') {
    const pattern = `%${likeLiteral(q.patient_name.trim().toLowerCase())}%`;
    where.patientName = Raw((column) => `LOWER(${column}) LIKE :patientName ESCAPE '\\'`, { patientName: pattern });
  }
  const received = receivedBetween(q.received_after, q.received_before);
  if (received) where.receivedAt = received;
  return where;
}
