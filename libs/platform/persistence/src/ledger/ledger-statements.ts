import { DeliveryErrorClass, DeliveryStatus, InstanceState } from '@axiom/domain';
import type { LedgerSql } from './ledger-sql';
import type { DeliveryClaim } from './ledger.types';

/** The statements behind the ledger's pending reads, releases and people's actions, and its claim rows (LedgerRepository runs them in its commits). */

export interface ClaimRow {
  id: number;
  instance_id: number;
  storage_backend_id: number;
  attempts: number;
  output_path: string;
  output_study_instance_uid: string | null;
  output_series_instance_uid: string | null;
  output_sop_instance_uid: string | null;
  output_sop_class_uid: string | null;
  output_transfer_syntax_uid: string | null;
  output_dataset_offset: number | null;
  output_head: string | null;
  output_source_offset: number | null;
}

/** Ids of pending deliveries (of one instance, if given), lowest first, at most `limit`. */
export async function selectPending(sql: LedgerSql, where: { instanceId?: number }, limit: number): Promise<number[]> {
  const { rows } = await sql.query<{ id: number }>(
    `SELECT id FROM deliveries WHERE status = ?${where.instanceId ? ' AND instance_id = ?' : ''} ORDER BY id LIMIT ?`,
    [DeliveryStatus.Pending, ...(where.instanceId ? [where.instanceId] : []), limit],
  );
  return rows.map((r) => Number(r.id));
}

/** Deliveries matching `where` (at most `limit`, lowest ids first) back to pending, unclaimed; returns their ids. */
async function releaseWhere(sql: LedgerSql, where: string, params: unknown[], limit: number): Promise<number[]> {
  const { rows } = await sql.query<{ id: number }>(
    `UPDATE deliveries SET status = ?, claim_owner = NULL, claimed_at = NULL, updated_at = ?
     WHERE id IN (SELECT id FROM deliveries WHERE ${where} ORDER BY id LIMIT ?) AND ${where} RETURNING id`,
    [DeliveryStatus.Pending, sql.time(new Date()), ...params, limit, ...params],
  );
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/** Waiting deliveries whose retry time has come by `now`, back to pending. */
export function releaseRetryDue(sql: LedgerSql, now: Date, limit: number): Promise<number[]> {
  return releaseWhere(sql, `status = ? AND next_attempt_at <= ?`, [DeliveryStatus.RetryWait, sql.time(now)], limit);
}

/** Claims not renewed since `cutoff`, back to pending. */
export function releaseClaimedBefore(sql: LedgerSql, cutoff: Date, limit: number): Promise<number[]> {
  return releaseWhere(sql, `status = ? AND claimed_at <= ?`, [DeliveryStatus.Sending, sql.time(cutoff)], limit);
}

/** Pending deliveries untouched since `cutoff`, released again (touched now). */
export function releasePendingBefore(sql: LedgerSql, cutoff: Date, limit: number): Promise<number[]> {
  return releaseWhere(sql, `status = ? AND updated_at <= ?`, [DeliveryStatus.Pending, sql.time(cutoff)], limit);
}

/** Every waiting delivery of one storage backend, back to pending. */
export function releaseWaitingOfBackend(sql: LedgerSql, storageBackendId: number, limit: number): Promise<number[]> {
  return releaseWhere(
    sql,
    `status = ? AND storage_backend_id = ?`,
    [DeliveryStatus.RetryWait, storageBackendId],
    limit,
  );
}

/** Waiting deliveries of one storage backend never attempted, back to pending. */
export function releaseUnattemptedOfBackend(
  sql: LedgerSql,
  storageBackendId: number,
  limit: number,
): Promise<number[]> {
  return releaseWhere(
    sql,
    `status = ? AND storage_backend_id = ? AND attempts = 0`,
    [DeliveryStatus.RetryWait, storageBackendId],
    limit,
  );
}

/** Held deliveries whose storage backend is enabled, back to pending. */
export function releaseHeldOfEnabled(sql: LedgerSql, limit: number): Promise<number[]> {
  return releaseWhere(
    sql,
    `status = ? AND storage_backend_id IN (SELECT id FROM storage_backends WHERE is_enabled = TRUE)`,
    [DeliveryStatus.Held],
    limit,
  );
}

/** Held deliveries of one storage backend (enabled again), back to pending. */
export function releaseHeldOfBackend(sql: LedgerSql, storageBackendId: number, limit: number): Promise<number[]> {
  return releaseWhere(sql, `status = ? AND storage_backend_id = ?`, [DeliveryStatus.Held, storageBackendId], limit);
}

/** Dead-lettered deliveries back to pending with a fresh attempt count, their instances back to routed. */
export async function resetFailedWhere(
  sql: LedgerSql,
  where: { deliveryIds?: number[]; instanceId?: number },
): Promise<{ id: number; instanceId: number }[]> {
  const filters: string[] = ['status = ?'];
  const params: unknown[] = [DeliveryStatus.Failed];
  if (where.deliveryIds) {
    if (where.deliveryIds.length === 0) return [];
    filters.push(`id IN (${sql.list(where.deliveryIds)})`);
    params.push(...where.deliveryIds);
  }
  if (where.instanceId !== undefined) {
    filters.push('instance_id = ?');
    params.push(where.instanceId);
  }
  const now = sql.time(new Date());
  const { rows } = await sql.query<{ id: number; instance_id: number }>(
    `UPDATE deliveries SET status = ?, attempts = 0, next_attempt_at = NULL, updated_at = ? WHERE ${filters.join(' AND ')} RETURNING id, instance_id`,
    [DeliveryStatus.Pending, now, ...params],
  );
  const reset = rows.map((r) => ({ id: Number(r.id), instanceId: Number(r.instance_id) })).sort((a, b) => a.id - b.id);
  const instanceIds = [...new Set(reset.map((r) => r.instanceId))];
  if (instanceIds.length > 0) {
    await sql.query(
      `UPDATE instances SET state = ?, completed_at = NULL, updated_at = ? WHERE state = ? AND id IN (${sql.list(instanceIds)})`,
      [InstanceState.Routed, now, InstanceState.Failed, ...instanceIds],
    );
  }
  return reset;
}

/** Held deliveries of a storage backend (optionally of one instance) become failed with `lastError`. */
export async function discardHeldWhere(
  sql: LedgerSql,
  where: { storageBackendId: number; instanceId?: number },
  lastError: string,
): Promise<{ id: number; instanceId: number }[]> {
  const { rows } = await sql.query<{ id: number; instance_id: number }>(
    `UPDATE deliveries SET status = ?, last_error = ?, error_class = ?, updated_at = ? WHERE status = ? AND storage_backend_id = ?${where.instanceId !== undefined ? ' AND instance_id = ?' : ''}
     RETURNING id, instance_id`,
    [
      DeliveryStatus.Failed,
      lastError.slice(0, 2000),
      DeliveryErrorClass.Permanent,
      sql.time(new Date()),
      DeliveryStatus.Held,
      where.storageBackendId,
      ...(where.instanceId !== undefined ? [where.instanceId] : []),
    ],
  );
  return rows.map((r) => ({ id: Number(r.id), instanceId: Number(r.instance_id) })).sort((a, b) => a.id - b.id);
}

export function toClaim(row: ClaimRow, owner: string): DeliveryClaim {
  return {
    deliveryId: Number(row.id),
    instanceId: Number(row.instance_id),
    storageBackendId: Number(row.storage_backend_id),
    owner,
    attempts: Number(row.attempts),
    factsRecorded: row.output_sop_instance_uid !== null && row.output_dataset_offset !== null,
    output: {
      path: row.output_path,
      studyInstanceUid: row.output_study_instance_uid,
      seriesInstanceUid: row.output_series_instance_uid,
      sopInstanceUid: row.output_sop_instance_uid ?? '',
      sopClassUid: row.output_sop_class_uid ?? '',
      transferSyntaxUid: row.output_transfer_syntax_uid ?? '',
      datasetOffset: row.output_dataset_offset ?? 0,
      splice:
        row.output_head !== null && row.output_source_offset !== null
          ? { head: Buffer.from(row.output_head, 'base64'), sourceOffset: Number(row.output_source_offset) }
          : null,
    },
  };
}
