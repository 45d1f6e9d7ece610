import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, FindManyOptions, FindOptionsWhere } from 'typeorm';
import { DeliveryStatus, InstanceState } from '@axiom/domain';
import { type Dialect, dialectOfSource } from '../data-source';
import { DeliveryEntity, InstanceEntity } from '../entities/instance.entity';
import { GroupCommit } from './group-commit';
import { findHydratedById } from './ledger-hydrate';
import { LedgerSql, readTime } from './ledger-sql';
import type { DeliveryClaim, DeliveryOutcome, InstanceFiles, ReceivedInstance, RoutedInstance } from './ledger.types';
import {
  discardHeldWhere,
  releaseClaimedBefore,
  releaseHeldOfBackend,
  releaseHeldOfEnabled,
  releasePendingBefore,
  releaseRetryDue,
  releaseUnattemptedOfBackend,
  releaseWaitingOfBackend,
  resetFailedWhere,
  selectPending,
} from './ledger-statements';
import {
  completeWhenDone,
  countRoutingAttempt,
  deleteUnacknowledged,
  insertReceived,
  markUnroutable,
  moveFiles,
  noteRoutingFailure,
  selectFiles,
  selectUnrouted,
  writeRouted,
} from './ledger-instance-statements';
import {
  claimPending,
  deferPending,
  holdPending,
  renewLiveClaim,
  returnClaimsOf,
  returnLiveClaim,
  writeOutcome,
} from './ledger-claim-statements';

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
    this.dialect = dialectOfSource(db);
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

  // ---- instances -----------------------------------------------------------------------------

  /** Inserts the received instance; resolves with its id once the row is durably committed. */
  recordReceived(row: ReceivedInstance): Promise<number> {
    return this.durable((sql) => insertReceived(sql, row));
  }

  /** Removes an instance that was never acknowledged (its publish failed). */
  discardUnacknowledged(instanceId: number): Promise<void> {
    return this.durable((sql) => deleteUnacknowledged(sql, instanceId));
  }

  /** One instance by id: a prepared statement hydrated by the entity's metadata (the hot path reads it per message). */
  findInstance(id: number): Promise<InstanceEntity | null> {
    return findHydratedById(this.db, this.reader, InstanceEntity, 'instances', id);
  }

  /** When an instance was received (for the delivery latency), by a prepared read of that column alone. */
  async receivedAtOf(instanceId: number): Promise<Date | null> {
    const { rows } = await this.reader.query<{ received_at: unknown }>(
      'SELECT received_at FROM instances WHERE id = ?',
      [instanceId],
    );
    return rows[0] ? readTime(rows[0].received_at) : null;
  }

  findInstances(options: FindManyOptions<InstanceEntity>): Promise<InstanceEntity[]> {
    return this.db.getRepository(InstanceEntity).find(options);
  }

  instanceExists(where: FindOptionsWhere<InstanceEntity>): Promise<boolean> {
    return this.db.getRepository(InstanceEntity).exists({ where });
  }

  /** Counts a routing attempt before its work begins (so an attempt that kills the process counts). */
  beginRoutingAttempt(instanceId: number): Promise<boolean> {
    return this.relaxed((sql) => countRoutingAttempt(sql, instanceId));
  }

  /** Notes why a routing attempt failed; the instance stays received (the message is retried). */
  recordRoutingFailure(instanceId: number, message: string): Promise<void> {
    return this.relaxed((sql) => noteRoutingFailure(sql, instanceId, message));
  }

  /** Ends routing without deliveries: error (cannot be routed) or quarantined (kept failing). */
  recordUnroutable(
    instanceId: number,
    state: InstanceState.Error | InstanceState.Quarantined,
    message: string,
  ): Promise<void> {
    return this.relaxed((sql) => markUnroutable(sql, instanceId, state, message));
  }

  /**
   * The routing's outcome in one transaction: one delivery row per (destination, output) — a
   * redelivered message inserts nothing (unique key) — and the instance routed or no-route.
   */
  recordRouted(routed: RoutedInstance): Promise<void> {
    return this.relaxed((sql) => writeRouted(sql, routed));
  }

  /** Instances still waiting for routing (for the outbox sweep). */
  unroutedInstanceIds(updatedBefore: Date, limit: number): Promise<number[]> {
    return selectUnrouted(this.reader, updatedBefore, limit);
  }

  // ---- deliveries: claims and outcomes -------------------------------------------------------

  findDelivery(id: number): Promise<DeliveryEntity | null> {
    return findHydratedById(this.db, this.reader, DeliveryEntity, 'deliveries', id);
  }

  /** What a sender decides on before it claims: the delivery's status and storage backend (two columns, no hydration). */
  async dispatchFactsOf(deliveryId: number): Promise<{ status: DeliveryStatus; storageBackendId: number } | null> {
    const { rows } = await this.reader.query<{ status: DeliveryStatus; storage_backend_id: number }>(
      'SELECT status, storage_backend_id FROM deliveries WHERE id = ?',
      [deliveryId],
    );
    const row = rows[0];
    return row ? { status: row.status, storageBackendId: Number(row.storage_backend_id) } : null;
  }

  findDeliveries(options: FindManyOptions<DeliveryEntity>): Promise<DeliveryEntity[]> {
    return this.db.getRepository(DeliveryEntity).find(options);
  }

  countDeliveries(where: FindOptionsWhere<DeliveryEntity>): Promise<number> {
    return this.db.getRepository(DeliveryEntity).count({ where });
  }

  pendingDeliveryIds(where: { instanceId?: number }, limit: number): Promise<number[]> {
    return selectPending(this.reader, where, limit);
  }

  /** A pending delivery whose destination is paused: held, without using an attempt. */
  holdDelivery(deliveryId: number): Promise<boolean> {
    return this.relaxed((sql) => holdPending(sql, deliveryId));
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
    return this.relaxed((sql) => deferPending(sql, deliveryId, until));
  }

  /** Gives a live claim back unsent (shutdown, or its destination's breaker opened meanwhile): waits until `until`, its attempt not spent. */
  returnClaim(claim: DeliveryClaim, until: Date): Promise<boolean> {
    return this.relaxed((sql) => returnLiveClaim(sql, claim, until));
  }

  /** Every live claim of one sender (`owner:` prefix) handed back unsent, e.g. at its shutdown; returns how many. */
  releaseClaimsOf(ownerPrefix: string): Promise<number> {
    return this.relaxed((sql) => returnClaimsOf(sql, ownerPrefix));
  }

  /** Extends a live claim's lease (a long send); false when the claim was lost. */
  renewClaim(claim: DeliveryClaim): Promise<boolean> {
    return this.relaxed((sql) => renewLiveClaim(sql, claim));
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

  filesOf(instanceId: number): Promise<InstanceFiles | null> {
    return selectFiles(this.reader, instanceId);
  }

  /** Points the rows of a failed instance at its files' new place under the error path. */
  recordFilesMoved(instanceId: number, moves: Map<string, string>): Promise<void> {
    return this.durable((sql) => moveFiles(sql, instanceId, moves));
  }

  // ---- deliveries: releases (the sweeper) and people's actions --------------------------------

  /** Waiting deliveries whose retry time has come go back to pending; returns their ids. */
  releaseDue(now: Date, limit: number): Promise<number[]> {
    return this.relaxed((sql) => releaseRetryDue(sql, now, limit));
  }

  /** Claims not renewed since `cutoff` (their holder died) go back to pending; returns their ids. */
  releaseExpiredClaims(cutoff: Date, limit: number): Promise<number[]> {
    return this.relaxed((sql) => releaseClaimedBefore(sql, cutoff, limit));
  }

  /**
   * Pending deliveries untouched since `cutoff`: released, but their message was lost (the
   * publish failed, or the process stopped in between). Touched and returned, to be published
   * again: each such row at most once per `cutoff` span.
   */
  releaseStalePending(cutoff: Date, limit: number): Promise<number[]> {
    return this.relaxed((sql) => releasePendingBefore(sql, cutoff, limit));
  }

  /** Every waiting delivery of one storage backend goes back to pending at once (it answers again); returns their ids. */
  releaseWaitingOf(storageBackendId: number, limit: number): Promise<number[]> {
    return this.relaxed((sql) => releaseWaitingOfBackend(sql, storageBackendId, limit));
  }

  /**
   * Deliveries of one storage backend that wait without ever having been attempted (deferred
   * because its lane was full, or its breaker open before their first try) go back to pending,
   * at most `limit`, oldest first: a lane with room takes them at once instead of at their time.
   */
  releaseUnattemptedOf(storageBackendId: number, limit: number): Promise<number[]> {
    return this.relaxed((sql) => releaseUnattemptedOfBackend(sql, storageBackendId, limit));
  }

  /** Held deliveries of one storage backend go back to pending (a person enabled it again), at most `limit`, oldest first. */
  releaseHeldOf(storageBackendId: number, limit: number): Promise<number[]> {
    return this.relaxed((sql) => releaseHeldOfBackend(sql, storageBackendId, limit));
  }

  /** Held deliveries whose storage backend is enabled again go back to pending; returns their ids. */
  releaseHeld(limit: number): Promise<number[]> {
    return this.relaxed((sql) => releaseHeldOfEnabled(sql, limit));
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
