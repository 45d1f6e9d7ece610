import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, FindManyOptions, FindOptionsWhere } from 'typeorm';
import { DeliveryStatus, InstanceState } from '@axiom/domain';
import type { Dialect } from '../data-source';
import { DeliveryEntity, InstanceEntity } from '../entities/instance.entity';
import { GroupCommit } from './group-commit';
import { LedgerSql } from './ledger-sql';
import type { DeliveryClaim, DeliveryOutcome, InstanceFiles, ReceivedInstance, RoutedInstance } from './ledger.types';
import { discardHeldWhere, releaseWhere, resetFailedWhere } from './ledger-statements';
import { completeWhenDone, insertReceived, moveFiles, writeRouted } from './ledger-instance-statements';
import { claimPending, writeOutcome } from './ledger-claim-statements';

/**
 * The one owner of instance and delivery state. Every state change is a named method with
 * explicit SQL, guarded by the state it leaves (so a late or duplicate writer changes nothing),
 * and goes through the group commit. Reads for the API take TypeORM find options.
 *
 * Deliveries move pending -> sending (claimed, with an owner token and claimed_at) -> delivered
 * / retry_wait / failed; only the holder of the live claim writes the outcome, and a claim whose
 * lease ran out (its holder died) goes back to pending.
 */
@Injectable()
export class LedgerRepository {
  readonly dialect: Dialect;
  private readonly writes: GroupCommit;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.dialect = db.options.type === 'postgres' ? 'postgres' : 'sqlite';
    // the barrier rewrites one row unchanged: a real write, so that its FULL commit fsyncs the WAL
    this.writes = new GroupCommit(db, this.dialect, async (sql) => {
      await sql.query(
        'UPDATE instances SET routing_attempts = routing_attempts WHERE id = (SELECT MAX(id) FROM instances)',
      );
    });
  }

  /** A write that an acknowledgment, a file removal or a person waits for: committed with a full fsync. */
  private durable<T>(work: (sql: LedgerSql) => Promise<T>): Promise<T> {
    return this.writes.run(work, 'full');
  }

  /** A write whose caller removes files next: it waits until a full commit (its own or a later one) holds it. */
  private deferred<T>(work: (sql: LedgerSql) => Promise<T>): Promise<T> {
    return this.writes.run(work, 'deferred');
  }

  /** Progress that is redone if a power loss takes it back (see GroupCommit): made durable by the next durable commit. */
  private relaxed<T>(work: (sql: LedgerSql) => Promise<T>): Promise<T> {
    return this.writes.run(work, 'relaxed');
  }

  private get reader(): LedgerSql {
    return new LedgerSql(this.dialect, this.db.manager);
  }

  /** `SELECT *` by id, each column converted as TypeORM would (dates, JSON, booleans) without its query builder. */
  private async findById<E extends object>(
    entity: new () => E,
    table: 'instances' | 'deliveries',
    id: number,
  ): Promise<E | null> {
    const { rows } = await this.reader.query(`SELECT * FROM ${table} WHERE id = ?`, [id]);
    const raw = rows[0];
    if (!raw) return null;
    const result = new entity() as Record<string, unknown>;
    for (const column of this.db.getMetadata(entity).columns) {
      result[column.propertyName] = this.db.driver.prepareHydratedValue(raw[column.databaseName], column);
    }
    return result as E;
  }

  // ---- instances -----------------------------------------------------------------------------

  /** Inserts the received instance; resolves with its id once the row is durably committed. */
  recordReceived(row: ReceivedInstance): Promise<number> {
    return this.durable((sql) => insertReceived(sql, row));
  }

  /** Removes an instance that was never acknowledged (its publish failed). */
  discardUnacknowledged(instanceId: number): Promise<void> {
    return this.durable(async (sql) => {
      await sql.query(`DELETE FROM instances WHERE id = ? AND state = ?`, [instanceId, InstanceState.Received]);
    });
  }

  /** One instance by id: a prepared statement hydrated by the entity's metadata (the hot path reads it per message). */
  findInstance(id: number): Promise<InstanceEntity | null> {
    return this.findById(InstanceEntity, 'instances', id);
  }

  findInstances(options: FindManyOptions<InstanceEntity>): Promise<InstanceEntity[]> {
    return this.db.getRepository(InstanceEntity).find(options);
  }

  instanceExists(where: FindOptionsWhere<InstanceEntity>): Promise<boolean> {
    return this.db.getRepository(InstanceEntity).exists({ where });
  }

  /** Counts a routing attempt before its work begins (so an attempt that kills the process counts). */
  beginRoutingAttempt(instanceId: number): Promise<boolean> {
    return this.relaxed(
      async (sql) =>
        (
          await sql.query(
            `UPDATE instances SET routing_attempts = routing_attempts + 1, updated_at = ? WHERE id = ? AND state = ?`,
            [sql.time(new Date()), instanceId, InstanceState.Received],
          )
        ).affected > 0,
    );
  }

  /** Notes why a routing attempt failed; the instance stays received (the message is retried). */
  recordRoutingFailure(instanceId: number, message: string): Promise<void> {
    return this.relaxed(async (sql) => {
      await sql.query(`UPDATE instances SET error_message = ?, updated_at = ? WHERE id = ? AND state = ?`, [
        message.slice(0, 2000),
        sql.time(new Date()),
        instanceId,
        InstanceState.Received,
      ]);
    });
  }

  /** Ends routing without deliveries: error (cannot be routed) or quarantined (kept failing). */
  recordUnroutable(
    instanceId: number,
    state: InstanceState.Error | InstanceState.Quarantined,
    message: string,
  ): Promise<void> {
    return this.relaxed(async (sql) => {
      await sql.query(`UPDATE instances SET state = ?, error_message = ?, updated_at = ? WHERE id = ? AND state = ?`, [
        state,
        message.slice(0, 2000),
        sql.time(new Date()),
        instanceId,
        InstanceState.Received,
      ]);
    });
  }

  /**
   * The routing's outcome in one transaction: one delivery row per (destination, output) — a
   * redelivered message inserts nothing (unique key) — and the instance routed or no-route.
   */
  recordRouted(routed: RoutedInstance): Promise<void> {
    return this.relaxed((sql) => writeRouted(sql, routed));
  }

  /** Instances still waiting for routing (for the outbox sweep). */
  async unroutedInstanceIds(updatedBefore: Date, limit: number): Promise<number[]> {
    const sql = this.reader;
    const { rows } = await sql.query<{ id: number }>(
      `SELECT id FROM instances WHERE state = ? AND updated_at <= ? ORDER BY id LIMIT ?`,
      [InstanceState.Received, sql.time(updatedBefore), limit],
    );
    return rows.map((r) => Number(r.id));
  }

  // ---- deliveries: claims and outcomes -------------------------------------------------------

  findDelivery(id: number): Promise<DeliveryEntity | null> {
    return this.findById(DeliveryEntity, 'deliveries', id);
  }

  findDeliveries(options: FindManyOptions<DeliveryEntity>): Promise<DeliveryEntity[]> {
    return this.db.getRepository(DeliveryEntity).find(options);
  }

  countDeliveries(where: FindOptionsWhere<DeliveryEntity>): Promise<number> {
    return this.db.getRepository(DeliveryEntity).count({ where });
  }

  async pendingDeliveryIds(where: { instanceId?: number }, limit: number): Promise<number[]> {
    const { rows } = await this.reader.query<{ id: number }>(
      `SELECT id FROM deliveries WHERE status = ?${where.instanceId ? ' AND instance_id = ?' : ''} ORDER BY id LIMIT ?`,
      [DeliveryStatus.Pending, ...(where.instanceId ? [where.instanceId] : []), limit],
    );
    return rows.map((r) => Number(r.id));
  }

  /** A pending delivery whose destination is paused: held, without using an attempt. */
  holdDelivery(deliveryId: number): Promise<boolean> {
    return this.relaxed(
      async (sql) =>
        (
          await sql.query(`UPDATE deliveries SET status = ?, updated_at = ? WHERE id = ? AND status = ?`, [
            DeliveryStatus.Held,
            sql.time(new Date()),
            deliveryId,
            DeliveryStatus.Pending,
          ])
        ).affected > 0,
    );
  }

  /**
   * Claims a pending delivery for `owner` (pending -> sending, the attempt counted now, so a
   * send that kills the process counts too). Exactly one of several racing claimers wins;
   * the others get null.
   */
  claimDelivery(deliveryId: number, owner: string): Promise<DeliveryClaim | null> {
    return this.relaxed((sql) => claimPending(sql, deliveryId, owner));
  }

  /** A pending delivery that may not go now (its destination's breaker is open, or its budget full): waits until `until`, no attempt spent. */
  deferDelivery(deliveryId: number, until: Date): Promise<boolean> {
    return this.relaxed(
      async (sql) =>
        (
          await sql.query(
            `UPDATE deliveries SET status = ?, next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = ?`,
            [DeliveryStatus.RetryWait, sql.time(until), sql.time(new Date()), deliveryId, DeliveryStatus.Pending],
          )
        ).affected > 0,
    );
  }

  /** Gives a live claim back unsent (shutdown, or its destination's breaker opened meanwhile): waits until `until`, its attempt not spent. */
  returnClaim(claim: DeliveryClaim, until: Date): Promise<boolean> {
    return this.relaxed(
      async (sql) =>
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
        ).affected > 0,
    );
  }

  /** Every live claim of one sender (`owner:` prefix) handed back unsent, e.g. at its shutdown; returns how many. */
  releaseClaimsOf(ownerPrefix: string): Promise<number> {
    return this.relaxed(
      async (sql) =>
        (
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
        ).affected,
    );
  }

  /** Extends a live claim's lease (a long send); false when the claim was lost. */
  renewClaim(claim: DeliveryClaim): Promise<boolean> {
    return this.relaxed(
      async (sql) =>
        (
          await sql.query(`UPDATE deliveries SET claimed_at = ? WHERE id = ? AND status = ? AND claim_owner = ?`, [
            sql.time(new Date()),
            claim.deliveryId,
            DeliveryStatus.Sending,
            claim.owner,
          ])
        ).affected > 0,
    );
  }

  /** Writes the outcome of a send, only if `claim` is still the live claim; returns whether it was. */
  recordOutcome(claim: DeliveryClaim, outcome: DeliveryOutcome): Promise<boolean> {
    return this.relaxed((sql) => writeOutcome(sql, claim, outcome));
  }

  /**
   * One statement: a routed instance none of whose deliveries is open (pending, sending, waiting
   * or held) becomes completed, or failed when one was dead-lettered. Returns the new state, or
   * null when the instance is not done (or another writer finished it first).
   */
  completeIfDone(instanceId: number): Promise<InstanceState.Completed | InstanceState.Failed | null> {
    return this.deferred((sql) => completeWhenDone(sql, instanceId));
  }

  async filesOf(instanceId: number): Promise<InstanceFiles | null> {
    const sql = this.reader;
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

  /** Points the rows of a failed instance at its files' new place under the error path. */
  recordFilesMoved(instanceId: number, moves: Map<string, string>): Promise<void> {
    return this.durable((sql) => moveFiles(sql, instanceId, moves));
  }

  // ---- deliveries: releases (the sweeper) and people's actions --------------------------------

  /** Waiting deliveries whose retry time has come go back to pending; returns their ids. */
  releaseDue(now: Date, limit: number): Promise<number[]> {
    return this.release(
      `status = ? AND next_attempt_at <= ?`,
      (sql) => [DeliveryStatus.RetryWait, sql.time(now)],
      limit,
    );
  }

  /** Claims not renewed since `cutoff` (their holder died) go back to pending; returns their ids. */
  releaseExpiredClaims(cutoff: Date, limit: number): Promise<number[]> {
    return this.release(`status = ? AND claimed_at <= ?`, (sql) => [DeliveryStatus.Sending, sql.time(cutoff)], limit);
  }

  /**
   * Pending deliveries untouched since `cutoff`: released, but their message was lost (the
   * publish failed, or the process stopped in between). Touched and returned, to be published
   * again: each such row at most once per `cutoff` span.
   */
  releaseStalePending(cutoff: Date, limit: number): Promise<number[]> {
    return this.release(`status = ? AND updated_at <= ?`, (sql) => [DeliveryStatus.Pending, sql.time(cutoff)], limit);
  }

  /** Every waiting delivery of one storage backend goes back to pending at once (it answers again); returns their ids. */
  releaseWaitingOf(storageBackendId: number, limit: number): Promise<number[]> {
    return this.release(
      `status = ? AND storage_backend_id = ?`,
      () => [DeliveryStatus.RetryWait, storageBackendId],
      limit,
    );
  }

  /**
   * Deliveries of one storage backend that wait without ever having been attempted (deferred
   * because its lane was full, or its breaker open before their first try) go back to pending,
   * at most `limit`, oldest first: a lane with room takes them at once instead of at their time.
   */
  releaseUnattemptedOf(storageBackendId: number, limit: number): Promise<number[]> {
    return this.release(
      `status = ? AND storage_backend_id = ? AND attempts = 0`,
      () => [DeliveryStatus.RetryWait, storageBackendId],
      limit,
    );
  }

  /** Held deliveries whose storage backend is enabled again go back to pending; returns their ids. */
  releaseHeld(limit: number): Promise<number[]> {
    return this.release(
      `status = ? AND storage_backend_id IN (SELECT id FROM storage_backends WHERE is_enabled = TRUE)`,
      () => [DeliveryStatus.Held],
      limit,
    );
  }

  private release(where: string, params: (sql: LedgerSql) => unknown[], limit: number): Promise<number[]> {
    return this.relaxed((sql) => releaseWhere(sql, where, params(sql), limit));
  }

  /**
   * A person's retry of dead-lettered deliveries: back to pending with a fresh attempt count,
   * their instances back to routed. Returns the deliveries reset.
   */
  resetFailed(where: { deliveryIds?: number[]; instanceId?: number }): Promise<{ id: number; instanceId: number }[]> {
    return this.durable((sql) => resetFailedWhere(sql, where));
  }

  /** Held deliveries of a storage backend become failed (out of the backlog, still retryable). */
  discardHeld(
    where: { storageBackendId: number; instanceId?: number },
    lastError: string,
  ): Promise<{ id: number; instanceId: number }[]> {
    return this.durable((sql) => discardHeldWhere(sql, where, lastError));
  }
}
