import { DeliveryStatus, InstanceState } from '@axiom/domain';
import type { LedgerSql } from './ledger-sql';
import type { InstanceFiles, ReceivedInstance, RoutedInstance } from './ledger.types';

/** The statements behind the ledger's instance writes and reads: receipt, routing, completion, files (LedgerRepository runs them in its commits). */

/** Deliveries that are not final yet: an instance waits for them, and its files stay. */
const OPEN = `('${DeliveryStatus.Pending}', '${DeliveryStatus.Sending}', '${DeliveryStatus.RetryWait}', '${DeliveryStatus.Held}')`;

/** Removes an instance still received (never acknowledged: its publish failed). */
export async function deleteUnacknowledged(sql: LedgerSql, instanceId: number): Promise<void> {
  await sql.query(`DELETE FROM instances WHERE id = ? AND state = ?`, [instanceId, InstanceState.Received]);
}

/** One more routing attempt of a received instance; false when it is no longer received. */
export async function countRoutingAttempt(sql: LedgerSql, instanceId: number): Promise<boolean> {
  return (
    (
      await sql.query(
        `UPDATE instances SET routing_attempts = routing_attempts + 1, updated_at = ? WHERE id = ? AND state = ?`,
        [sql.time(new Date()), instanceId, InstanceState.Received],
      )
    ).affected > 0
  );
}

/** A received instance's error message (at most 2000 characters); it stays received. */
export async function noteRoutingFailure(sql: LedgerSql, instanceId: number, message: string): Promise<void> {
  await sql.query(`UPDATE instances SET error_message = ?, updated_at = ? WHERE id = ? AND state = ?`, [
    message.slice(0, 2000),
    sql.time(new Date()),
    instanceId,
    InstanceState.Received,
  ]);
}

/** A received instance ends in `state` (error or quarantined) with its error message. */
export async function markUnroutable(
  sql: LedgerSql,
  instanceId: number,
  state: InstanceState.Error | InstanceState.Quarantined,
  message: string,
): Promise<void> {
  await sql.query(`UPDATE instances SET state = ?, error_message = ?, updated_at = ? WHERE id = ? AND state = ?`, [
    state,
    message.slice(0, 2000),
    sql.time(new Date()),
    instanceId,
    InstanceState.Received,
  ]);
}

/** Ids of received instances not updated since `updatedBefore`, lowest first, at most `limit`. */
export async function selectUnrouted(sql: LedgerSql, updatedBefore: Date, limit: number): Promise<number[]> {
  const { rows } = await sql.query<{ id: number }>(
    `SELECT id FROM instances WHERE state = ? AND updated_at <= ? ORDER BY id LIMIT ?`,
    [InstanceState.Received, sql.time(updatedBefore), limit],
  );
  return rows.map((r) => Number(r.id));
}

/** An instance's spool file and its deliveries' distinct output files, or null when there is no such instance. */
export async function selectFiles(sql: LedgerSql, instanceId: number): Promise<InstanceFiles | null> {
  const { rows } = await sql.query<{ spool_path: string }>(`SELECT spool_path FROM instances WHERE id = ?`, [
    instanceId,
  ]);
  if (!rows[0]) return null;
  const outputs = await sql.query<{ output_path: string }>(
    `SELECT DISTINCT output_path FROM deliveries WHERE instance_id = ?`,
    [instanceId],
  );
  return { spoolPath: rows[0].spool_path, outputPaths: outputs.rows.map((r) => r.output_path) };
}

/** Inserts a received instance; returns its id. */
export async function insertReceived(sql: LedgerSql, row: ReceivedInstance): Promise<number> {
  const now = sql.time(new Date());
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO instances (source_type, source_name, calling_ae_title, called_ae_title, peer_address, study_instance_uid,
       series_instance_uid, sop_instance_uid, sop_class_uid, transfer_syntax_uid, dataset_offset, spool_path, size_bytes,
       patient_id, patient_name, accession_number, received_at, state, routing_attempts, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id`,
    [
      row.sourceType,
      row.sourceName,
      row.callingAeTitle,
      row.calledAeTitle,
      row.peerAddress,
      row.studyInstanceUid,
      row.seriesInstanceUid,
      row.sopInstanceUid,
      row.sopClassUid,
      row.transferSyntaxUid,
      row.datasetOffset,
      row.spoolPath,
      row.sizeBytes,
      row.patientId ?? null,
      row.patientName ?? null,
      row.accessionNumber ?? null,
      now,
      InstanceState.Received,
      now,
      now,
    ],
  );
  return Number(rows[0]?.id);
}

/** One delivery row per (destination, output), none again for a redelivered message (unique key), and the instance routed or no-route. */
export async function writeRouted(sql: LedgerSql, routed: RoutedInstance): Promise<void> {
  const now = sql.time(new Date());
  for (const d of routed.deliveries) {
    const o = d.output;
    await sql.query(
      `INSERT INTO deliveries (instance_id, storage_backend_id, rule_id, output_key, output_path, status, attempts,
         output_study_instance_uid, output_series_instance_uid, output_sop_instance_uid, output_sop_class_uid,
         output_transfer_syntax_uid, output_dataset_offset, output_head, output_source_offset, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (instance_id, storage_backend_id, output_key) DO NOTHING`,
      [
        routed.instanceId,
        d.storageBackendId,
        d.ruleId,
        d.outputKey,
        o.path,
        d.held ? DeliveryStatus.Held : DeliveryStatus.Pending,
        o.studyInstanceUid,
        o.seriesInstanceUid,
        o.sopInstanceUid,
        o.sopClassUid,
        o.transferSyntaxUid,
        o.datasetOffset,
        o.splice ? o.splice.head.toString('base64') : null,
        o.splice ? o.splice.sourceOffset : null,
        now,
        now,
      ],
    );
  }
  await sql.query(
    `UPDATE instances SET state = ?, routed_at = ?, matched_rules = ?, morphing = ?, error_message = NULL, updated_at = ?
     WHERE id = ? AND state = ?`,
    [
      routed.state,
      now,
      JSON.stringify(routed.matchedRules),
      JSON.stringify(routed.morphing),
      now,
      routed.instanceId,
      InstanceState.Received,
    ],
  );
}

/** A routed instance with no open delivery becomes completed, or failed when one was dead-lettered; returns the new state or null. */
export async function completeWhenDone(
  sql: LedgerSql,
  instanceId: number,
): Promise<InstanceState.Completed | InstanceState.Failed | null> {
  const now = sql.time(new Date());
  const { rows } = await sql.query<{ state: InstanceState.Completed | InstanceState.Failed }>(
    `UPDATE instances SET
       state = CASE WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.instance_id = instances.id AND d.status = ?) THEN ? ELSE ? END,
       completed_at = CASE WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.instance_id = instances.id AND d.status = ?) THEN completed_at ELSE ? END,
       updated_at = ?
     WHERE id = ? AND state = ? AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.instance_id = instances.id AND d.status IN ${OPEN})
     RETURNING state`,
    [
      DeliveryStatus.Failed,
      InstanceState.Failed,
      InstanceState.Completed,
      DeliveryStatus.Failed,
      now,
      now,
      instanceId,
      InstanceState.Routed,
    ],
  );
  return rows[0]?.state ?? null;
}

/** Points an instance's rows from each file's old path to its new one. */
export async function moveFiles(sql: LedgerSql, instanceId: number, moves: Map<string, string>): Promise<void> {
  const now = sql.time(new Date());
  for (const [from, to] of moves) {
    await sql.query(`UPDATE instances SET spool_path = ?, updated_at = ? WHERE id = ? AND spool_path = ?`, [
      to,
      now,
      instanceId,
      from,
    ]);
    await sql.query(`UPDATE deliveries SET output_path = ?, updated_at = ? WHERE instance_id = ? AND output_path = ?`, [
      to,
      now,
      instanceId,
      from,
    ]);
  }
}
