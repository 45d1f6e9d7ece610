import { DeliveryStatus } from '@axiom/domain';
import type { LedgerSql } from './ledger-sql';
import type { DeliveryClaim, DeliveryOutcome } from './ledger.types';
import { ClaimRow, toClaim } from './ledger-statements';

/** The statements behind the ledger's claims and send outcomes (LedgerRepository runs them in its commits). */

/** Pending -> held (its destination is paused), no attempt spent; false when the delivery was not pending. */
export async function holdPending(sql: LedgerSql, deliveryId: number): Promise<boolean> {
  return (
    (
      await sql.query(`UPDATE deliveries SET status = ?, updated_at = ? WHERE id = ? AND status = ?`, [
        DeliveryStatus.Held,
        sql.time(new Date()),
        deliveryId,
        DeliveryStatus.Pending,
      ])
    ).affected > 0
  );
}

/** Pending -> retry_wait until `until`, no attempt spent; false when the delivery was not pending. */
export async function deferPending(sql: LedgerSql, deliveryId: number, until: Date): Promise<boolean> {
  return (
    (
      await sql.query(
        `UPDATE deliveries SET status = ?, next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = ?`,
        [DeliveryStatus.RetryWait, sql.time(until), sql.time(new Date()), deliveryId, DeliveryStatus.Pending],
      )
    ).affected > 0
  );
}

/** Pending -> sending for `owner`, the attempt counted now; null when another claimer won or the delivery is not pending. */
export async function claimPending(sql: LedgerSql, deliveryId: number, owner: string): Promise<DeliveryClaim | null> {
  const now = sql.time(new Date());
  const { rows } = await sql.query<ClaimRow>(
    `UPDATE deliveries SET status = ?, claim_owner = ?, claimed_at = ?, attempts = attempts + 1, updated_at = ?
     WHERE id = ? AND status = ?
     RETURNING id, instance_id, storage_backend_id, attempts, output_path, output_study_instance_uid, output_series_instance_uid,
       output_sop_instance_uid, output_sop_class_uid, output_transfer_syntax_uid, output_dataset_offset, output_head,
       output_source_offset`,
    [DeliveryStatus.Sending, owner, now, now, deliveryId, DeliveryStatus.Pending],
  );
  const row = rows[0];
  return row ? toClaim(row, owner) : null;
}

/** Writes a send's outcome, only while `claim` is the live claim; returns whether it was. */
export async function writeOutcome(sql: LedgerSql, claim: DeliveryClaim, outcome: DeliveryOutcome): Promise<boolean> {
  const now = sql.time(new Date());
  const guard = `WHERE id = ? AND status = ? AND claim_owner = ?`;
  const held = [claim.deliveryId, DeliveryStatus.Sending, claim.owner];
  const clear = 'claim_owner = NULL, claimed_at = NULL, updated_at = ?';
  switch (outcome.kind) {
    case 'delivered':
      return (
        (
          await sql.query(
            `UPDATE deliveries SET status = ?, delivered_at = ?, detail = ?, last_error = NULL, error_class = NULL, next_attempt_at = NULL, ${clear} ${guard}`,
            [DeliveryStatus.Delivered, now, outcome.detail.slice(0, 2000), now, ...held],
          )
        ).affected > 0
      );
    case 'retry':
      return (
        (
          await sql.query(
            `UPDATE deliveries SET status = ?, last_error = ?, error_class = ?, next_attempt_at = ?, ${clear} ${guard}`,
            [
              DeliveryStatus.RetryWait,
              outcome.error.slice(0, 2000),
              outcome.errorClass,
              sql.time(outcome.nextAttemptAt),
              now,
              ...held,
            ],
          )
        ).affected > 0
      );
    case 'failed':
      return (
        (
          await sql.query(
            `UPDATE deliveries SET status = ?, last_error = ?, error_class = ?, next_attempt_at = NULL, ${clear} ${guard}`,
            [DeliveryStatus.Failed, outcome.error.slice(0, 2000), outcome.errorClass, now, ...held],
          )
        ).affected > 0
      );
  }
}

/** A live claim back to retry_wait until `until`, unclaimed, its attempt given back; false when the claim was lost. */
export async function returnLiveClaim(sql: LedgerSql, claim: DeliveryClaim, until: Date): Promise<boolean> {
  return (
    (
      await sql.query(
        `UPDATE deliveries SET status = ?, next_attempt_at = ?, attempts = attempts - 1, claim_owner = NULL, claimed_at = NULL, updated_at = ?
       WHERE id = ? AND status = ? AND claim_owner = ?`,
        [
          DeliveryStatus.RetryWait,
          sql.time(until),
          sql.time(new Date()),
          claim.deliveryId,
          DeliveryStatus.Sending,
          claim.owner,
        ],
      )
    ).affected > 0
  );
}

/** Every live claim whose owner starts with `ownerPrefix:` back to retry_wait, due now, attempts given back; returns how many. */
export async function returnClaimsOf(sql: LedgerSql, ownerPrefix: string): Promise<number> {
  return (
    await sql.query(
      `UPDATE deliveries SET status = ?, next_attempt_at = ?, attempts = attempts - 1, claim_owner = NULL, claimed_at = NULL, updated_at = ?
       WHERE status = ? AND claim_owner LIKE ?`,
      [
        DeliveryStatus.RetryWait,
        sql.time(new Date()),
        sql.time(new Date()),
        DeliveryStatus.Sending,
        `${ownerPrefix}:%`,
      ],
    )
  ).affected;
}

/** A live claim's lease starts again now; false when the claim was lost. */
export async function renewLiveClaim(sql: LedgerSql, claim: DeliveryClaim): Promise<boolean> {
  return (
    (
      await sql.query(`UPDATE deliveries SET claimed_at = ? WHERE id = ? AND status = ? AND claim_owner = ?`, [
        sql.time(new Date()),
        claim.deliveryId,
        DeliveryStatus.Sending,
        claim.owner,
      ])
    ).affected > 0
  );
}
