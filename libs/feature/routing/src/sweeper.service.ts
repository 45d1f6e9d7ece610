import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { DeliveryStatus, InstanceState, Messages } from '@axiom/domain';
import { DeliveryEntity, InstanceEntity, StorageBackendEntity } from '@axiom/persistence';
import { MessagePublisher } from '@axiom/messaging';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { whenHttpListening } from '@axiom/runtime';

/** Work older than this is considered lost in transit and published again. */
const STALE_MS = 60_000;
const BATCH = 500;

export interface SweepResult {
  instances: number;
  deliveries: number;
  released: number;
}

/**
 * The outbox sweep. The ledger is the truth: on start, everything unfinished is published again
 * (instances not routed yet, deliveries pending); afterwards, deliveries whose retry time has
 * come are released, held deliveries of re-enabled destinations are released, and work that has
 * sat unfinished for a minute is published again. Consumers are idempotent, so a duplicate
 * message costs a lookup, not a second delivery.
 *
 * The start-up sweep waits until the app's HTTP server listens: re-routing what the ledger holds
 * is the work most likely to be slow or to crash, and the API must answer before it.
 */
@Injectable()
export class SweeperService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sweeper');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly publisher: MessagePublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly http?: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    // not awaited: bootstrap goes on to listen; shutdown waits only for a sweep in progress
    void whenHttpListening(this.http).then(() => {
      if (this.stopped) return;
      this.running = this.sweep(0)
        .then(() => undefined)
        .catch((err: unknown) => this.logger.error(`start-up sweep failed: ${(err as Error).message}`))
        .finally(() => this.startTimer());
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private startTimer(): void {
    if (this.stopped || this.timer) return;
    this.timer = setInterval(() => {
      this.running = this.running.then(async () => { await this.sweep(STALE_MS); }).catch((err: unknown) => this.logger.error(`sweep failed: ${(err as Error).message}`));
    }, this.config.delivery.sweepIntervalMs);
    this.timer.unref();
  }

  async sweep(staleMs: number): Promise<SweepResult> {
    const cutoff = new Date(Date.now() - staleMs);
    const instances = await this.db.getRepository(InstanceEntity).find({
      where: { state: InstanceState.Received, updatedAt: LessThanOrEqual(cutoff) }, select: { id: true }, order: { id: 'ASC' }, take: BATCH,
    });
    for (const i of instances) await this.publisher.publish(Messages.InstanceReceived, { instanceId: i.id });
    const deliveries = this.db.getRepository(DeliveryEntity);
    const due = await deliveries.find({
      where: { status: DeliveryStatus.RetryWait, nextAttemptAt: LessThanOrEqual(new Date()) }, select: { id: true }, take: BATCH,
    });
    if (due.length > 0) await deliveries.update({ id: In(due.map((d) => d.id)), status: DeliveryStatus.RetryWait }, { status: DeliveryStatus.Pending });
    const released = await this.releaseHeld();
    const stale = await deliveries.find({
      where: { status: DeliveryStatus.Pending, updatedAt: LessThanOrEqual(cutoff) }, select: { id: true }, order: { id: 'ASC' }, take: BATCH,
    });
    const ids = new Set([...due.map((d) => d.id), ...released, ...stale.map((d) => d.id)]);
    for (const id of ids) await this.publisher.publish(Messages.DeliveryRequested, { deliveryId: id });
    if (staleMs === 0 && (instances.length > 0 || ids.size > 0)) {
      this.logger.log(`recovered ${instances.length} unrouted instances and ${ids.size} pending deliveries from the ledger`);
    }
    if (released.length > 0) this.logger.log(`released ${released.length} held deliveries of re-enabled storage backends`);
    return { instances: instances.length, deliveries: ids.size, released: released.length };
  }

  /** Held deliveries whose storage backend is enabled again go back to pending; returns their ids. */
  private async releaseHeld(): Promise<number[]> {
    const deliveries = this.db.getRepository(DeliveryEntity);
    const enabled = await this.db.getRepository(StorageBackendEntity).find({ where: { isEnabled: true }, select: { id: true } });
    if (enabled.length === 0) return [];
    const held = await deliveries.find({
      where: { status: DeliveryStatus.Held, storageBackendId: In(enabled.map((b) => b.id)) }, select: { id: true }, order: { id: 'ASC' }, take: BATCH,
    });
    if (held.length === 0) return [];
    const ids = held.map((d) => d.id);
    await deliveries.update({ id: In(ids), status: DeliveryStatus.Held }, { status: DeliveryStatus.Pending });
    return ids;
  }
}
