import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { observeDelivery } from './delivery-metrics';
import { BreakerState, DeliveryStatus, DestinationType, Messages, UNREACHABLE_CLASSES } from '@axiom/domain';
import { DeliveryError, DestinationRegistry, classifyDeliveryError } from '@axiom/destinations';
import { MessagePublisher, PoisonMessageError } from '@axiom/messaging';
import {
  DeliveryClaim,
  DeliveryOutcome,
  LedgerRepository,
  RoutingConfigStore,
  DestinationEntity,
} from '@axiom/persistence';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { GracefulShutdown } from '@axiom/runtime';
import { SecretBox } from '@axiom/secrets';
import { InstanceFilesService } from '@axiom/spool';
import { BreakerGate } from './delivery/breaker-gate.service';
import { keepClaim } from './delivery/claim-lease';
import { DestinationLanes } from './delivery/destination-lanes';
import { outgoingInstance } from './delivery/outgoing-instance';
import { backoffMs, retryScheduleOf } from './retry-schedule';

/** A delivery whose destination's lane is full waits this long in the ledger (no attempt spent). */
const LANE_FULL_WAIT_MS = 1000;
const RELEASE_BATCH = 500;
const NOTHING = { done: Promise.resolve() };

/** The sender is shutting down: the message goes back to the broker for another sender. */
export class SenderStoppingError extends Error {
  constructor() {
    super('this sender is shutting down; the message goes back to the queue');
    this.name = 'SenderStoppingError';
  }
}

/**
 * delivery.requested -> gate -> claim -> the destination's lane -> send -> record the outcome.
 *
 * - The claim (pending -> sending, with a token of this sender) makes sure one delivery is never
 *   in flight twice; its lease is renewed until the outcome is written, only while it is ours.
 * - Each storage backend has its own lane (DELIVERY_DESTINATION_CONCURRENCY sends, a bounded
 *   queue): a hanging peer fills only its own; a full lane's deliveries wait in the ledger.
 * - Each storage backend has a circuit breaker (BreakerGate): while it is open its deliveries wait
 *   for the next probe without spending attempts, and a probe's failure spends none either.
 * - Other failures wait with backoff (the backend's retry schedule, about a day by default);
 *   after the last attempt the delivery is dead-lettered and a person may retry it. A disabled
 *   storage backend's deliveries are held until it is enabled again.
 */
@Injectable()
export class DeliveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Delivery');
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly lanes: DestinationLanes;
  private readonly refilling = new Set<number>();
  /** Per storage backend: how many deliveries this process deferred because its lane was full (until refilled). */
  private readonly deferredForRoom = new Map<number, number>();

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly storageBackends: RoutingConfigStore,
    private readonly files: InstanceFilesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly publisher: MessagePublisher,
    readonly registry: DestinationRegistry,
    private readonly box: SecretBox,
    readonly breakers: BreakerGate,
    @Optional() private readonly shutdown?: GracefulShutdown,
  ) {
    this.lanes = new DestinationLanes(
      config.delivery.destinationConcurrency,
      config.delivery.destinationQueue,
      (id, room) => this.refill(id, room),
    );
  }

  /** Temp files a killed process of this host left in filesystem destinations; and the drain on shutdown. */
  async onApplicationBootstrap(): Promise<void> {
    this.shutdown?.register('deliveries', (deadline) => this.drain(deadline));
    const adapter = this.registry.get(DestinationType.Filesystem);
    const backends = await this.storageBackends.backendsOfType(DestinationType.Filesystem);
    for (const b of backends) {
      const removed = await adapter
        .cleanUp?.({ id: b.id, name: b.name, backendType: b.backendType, config: b.config })
        .catch((err: unknown) => {
          this.logger.warn(`storage backend "${b.name}": temp clean-up failed: ${(err as Error).message}`);
          return 0;
        });
      if (removed)
        this.logger.log(`storage backend "${b.name}": removed ${removed} temp files of interrupted deliveries`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.registry.close();
  }

  /** Handles one delivery to its end (sent and recorded, deferred, or given back). */
  async deliver(deliveryId: number): Promise<void> {
    const { done } = await this.dispatch(deliveryId);
    await done;
  }

  /**
   * What the consumer awaits before it acks: the delivery is claimed and in its destination's
   * lane (or deferred in the ledger). `done` settles at its end.
   */
  async dispatch(deliveryId: number): Promise<{ done: Promise<void> }> {
    if (this.shutdown?.draining) throw new SenderStoppingError();
    const delivery = await this.ledger.dispatchFactsOf(deliveryId);
    if (!delivery) throw new PoisonMessageError(`delivery ${deliveryId} does not exist`);
    // sending (claimed by someone), delivered, dead-lettered, held or waiting for its retry time
    if (delivery.status !== DeliveryStatus.Pending) return NOTHING;
    const backend = await this.storageBackends.backend(delivery.storageBackendId);
    if (backend && !backend.isEnabled) {
      // paused: kept for when the destination is enabled again (the sweeper releases it then)
      await this.ledger.holdDelivery(deliveryId);
      return NOTHING;
    }
    const backendId = delivery.storageBackendId;
    const gate = backend ? await this.breakers.gate(backendId, backend.name) : { kind: 'send' as const };
    if (gate.kind === 'wait') {
      await this.ledger.deferDelivery(deliveryId, gate.until);
      return NOTHING;
    }
    if (gate.kind === 'send' && !this.lanes.reserve(backendId)) {
      await this.ledger.deferDelivery(deliveryId, new Date(Date.now() + LANE_FULL_WAIT_MS));
      this.deferredForRoom.set(backendId, (this.deferredForRoom.get(backendId) ?? 0) + 1);
      return NOTHING;
    }
    const claim = await this.claimInLane(deliveryId, backendId, gate.kind === 'send');
    if (!claim) return NOTHING; // another sender won the claim
    const probe = gate.kind === 'probe';
    const lease = keepClaim(this.ledger, claim, this.config.delivery.claimLeaseMs, this.logger);
    // a failure here (the database went away) leaves the claim to run out: the sweeper releases it
    const failed = (what: string) => (err: unknown) =>
      this.logger.error(`delivery ${claim.deliveryId}: ${what} failed: ${(err as Error).message}`);
    // the lane's slot is free once the outcome is recorded; the instance's completion (a durable
    // commit, then its spool files removed) goes on outside it, so the next send does not wait for it
    let completion: Promise<void> = Promise.resolve();
    const sent = this.lanes.submit(backendId, {
      run: () =>
        this.sendClaimed(claim, backend, probe)
          .then((recorded) => {
            if (recorded) completion = this.finishInstanceIfDone(claim.instanceId).catch(failed('the completion'));
          }, failed('the send'))
          .finally(lease.stop),
      cancel: () => this.giveBack(claim, new Date()).catch(failed('handing the claim back')).finally(lease.stop),
    });
    return { done: sent.then(() => completion) };
  }

  /** The claim, in the lane place `reserve()` took before this await (given back when there is none, or the write failed). */
  private async claimInLane(deliveryId: number, backendId: number, reserved: boolean): Promise<DeliveryClaim | null> {
    const claim = await this.ledger
      .claimDelivery(deliveryId, `${this.owner}:${randomUUID().slice(0, 8)}`)
      .catch((err: unknown) => {
        if (reserved) this.lanes.unreserve(backendId);
        throw err;
      });
    if (!claim && reserved) this.lanes.unreserve(backendId);
    return claim;
  }

  /** Sends a claimed delivery and records its outcome; true when an outcome was recorded (the instance may be done). */
  private async sendClaimed(claim: DeliveryClaim, backend: DestinationEntity | null, probe: boolean): Promise<boolean> {
    // the breaker may have opened while this claim waited in its lane: it goes back unsent
    const openUntil = probe ? null : await this.breakers.openUntil(claim.storageBackendId);
    if (openUntil) {
      await this.giveBack(claim, openUntil);
      return false;
    }
    const { outcome, unreachable } = await this.send(claim, backend);
    if (outcome.kind === 'delivered') {
      if (await this.breakers.succeeded(claim.storageBackendId)) await this.releaseWaiting(claim.storageBackendId);
    } else if (unreachable) {
      const breaker = await this.breakers.failed(claim.storageBackendId, outcome.error);
      // an open breaker spends no attempts: neither the failure that opened it nor a probe's
      if (probe || breaker.state !== BreakerState.Closed) {
        this.logger.warn(
          `delivery ${claim.deliveryId}: ${outcome.error}; waits for the breaker of storage backend ${claim.storageBackendId}`,
        );
        await this.giveBack(claim, breaker.nextProbeAt ?? new Date(Date.now() + this.config.breaker.probeIntervalMs));
        return false;
      }
    }
    if (!(await this.ledger.recordOutcome(claim, outcome))) {
      this.logger.warn(
        `delivery ${claim.deliveryId}: the claim ran out during the send; its outcome (${outcome.kind}) is not recorded`,
      );
      return false;
    }
    observeDelivery(outcome, backend?.name ?? `#${claim.storageBackendId}`, () =>
      this.ledger.receivedAtOf(claim.instanceId),
    );
    if (outcome.kind === 'delivered') this.logger.debug(`delivery ${claim.deliveryId}: ${outcome.detail}`);
    else
      this.logger.warn(
        `delivery ${claim.deliveryId} attempt ${claim.attempts} failed${outcome.kind === 'failed' ? ' (dead-lettered)' : ''}: ${outcome.error}`,
      );
    return true;
  }

  private async send(
    claim: DeliveryClaim,
    backend: DestinationEntity | null,
  ): Promise<{ outcome: DeliveryOutcome; unreachable: boolean }> {
    try {
      if (!backend) throw new DeliveryError(`storage backend ${claim.storageBackendId} no longer exists`, true);
      const result = await this.registry.get(backend.backendType).send(await outgoingInstance(claim), {
        id: backend.id,
        name: backend.name,
        backendType: backend.backendType,
        config: backend.config,
        credentials: backend.secrets === null ? {} : this.box.openJson(backend.secrets),
      });
      return { outcome: { kind: 'delivered', detail: result.detail }, unreachable: false };
    } catch (err) {
      const error = (err as Error).message;
      const permanent = err instanceof DeliveryError && err.permanent;
      const schedule = retryScheduleOf(backend, this.config.delivery);
      const errorClass = classifyDeliveryError(err);
      const unreachable = UNREACHABLE_CLASSES.has(errorClass);
      if (permanent || claim.attempts >= schedule.maxAttempts)
        return { outcome: { kind: 'failed', error, errorClass }, unreachable };
      const wait = backoffMs(claim.attempts, schedule.backoffBaseMs, schedule.backoffMaxMs);
      return { outcome: { kind: 'retry', error, errorClass, nextAttemptAt: new Date(Date.now() + wait) }, unreachable };
    }
  }

  /** A claim handed back unsent (its attempt not spent): it waits until `until`, for any sender. */
  private async giveBack(claim: DeliveryClaim, until: Date): Promise<void> {
    await this.ledger.returnClaim(claim, until);
  }

  /**
   * A lane with room takes what was deferred because it was full, at once (not at its retry time
   * nor the next sweep): a backlog flows at the destination's pace. One refill per destination at a time.
   */
  private refill(storageBackendId: number, room: number): void {
    // only what this process deferred for want of room (other processes take theirs back)
    const deferrals = this.deferredForRoom.get(storageBackendId);
    if (deferrals === undefined || this.refilling.has(storageBackendId) || this.shutdown?.draining) return;
    this.refilling.add(storageBackendId);
    void (async () => {
      if (await this.breakers.openUntil(storageBackendId)) return; // an open breaker holds them until its probe
      const released = await this.ledger.releaseUnattemptedOf(storageBackendId, room);
      // all taken back, none deferred meanwhile: no statement per send until the lane fills again
      if (released.length < room && this.deferredForRoom.get(storageBackendId) === deferrals)
        this.deferredForRoom.delete(storageBackendId);
      for (const id of released) await this.publisher.publish(Messages.DeliveryRequested, { deliveryId: id });
    })()
      .catch((err: unknown) =>
        this.logger.warn(`storage backend ${storageBackendId}: refilling its lane failed: ${(err as Error).message}`),
      )
      .finally(() => this.refilling.delete(storageBackendId));
  }

  /** The destination answers again: everything of it that waits goes now, not at its retry time. */
  private async releaseWaiting(storageBackendId: number): Promise<void> {
    let released: number[];
    do {
      released = await this.ledger.releaseWaitingOf(storageBackendId, RELEASE_BATCH);
      for (const id of released) await this.publisher.publish(Messages.DeliveryRequested, { deliveryId: id });
      if (released.length > 0)
        this.logger.log(`storage backend ${storageBackendId}: released ${released.length} waiting deliveries`);
    } while (released.length === RELEASE_BATCH);
  }

  /**
   * Shutdown: no new claims; claims waiting in a lane go back at once; sends in flight may
   * finish until the deadline, and those still running then are handed back too (a destination
   * may then receive one twice, which is harmless; the ledger never holds a second row).
   */
  private async drain(deadline: number): Promise<void> {
    const stillRunning = await this.lanes.drain(deadline);
    if (stillRunning > 0) {
      const released = await this.ledger.releaseClaimsOf(this.owner);
      this.logger.warn(`shutdown: ${stillRunning} sends still running at the deadline; ${released} claims handed back`);
    }
  }

  /** When every delivery of an instance is final: completed (files removed) or failed (files moved to DICOM_ERROR_PATH). */
  async finishInstanceIfDone(instanceId: number): Promise<void> {
    await this.files.finishIfDone(instanceId);
  }

  /** A person's retry of dead-lettered deliveries: back to pending with a fresh attempt count, published at once. */
  async retryFailed(where: { deliveryIds?: number[]; instanceId?: number }): Promise<number[]> {
    const reset = await this.ledger.resetFailed(where);
    for (const row of reset) await this.publisher.publish(Messages.DeliveryRequested, { deliveryId: row.id });
    return reset.map((r) => r.id);
  }
}
