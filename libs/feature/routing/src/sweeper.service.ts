import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { DeliveryStatus, InstanceState, Messages } from '@axiom/domain';
import { DeliveryEntity, InstanceEntity } from '@axiom/persistence';
import { MessagePublisher } from '@axiom/messaging';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';

/** Work older than this is considered lost in transit and published again. */
const STALE_MS = 60_000;
const BATCH = 500;

/**
 * The outbox sweep. The ledger is the truth: on start, everything unfinished is published again
 * (instances not routed yet, deliveries pending); afterwards, deliveries whose retry time has
 * come are released, and work that has sat unfinished for a minute is published again.
 * Consumers are idempotent, so a duplicate message costs a lookup, not a second delivery.
 */
@Injectable()
export class SweeperService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sweeper');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly publisher: MessagePublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep(0).catch((err: unknown) => this.logger.error(`start-up sweep failed: ${(err as Error).message}`));
    this.timer = setInterval(() => {
      this.running = this.running.then(async () => { await this.sweep(STALE_MS); }).catch((err: unknown) => this.logger.error(`sweep failed: ${(err as Error).message}`));
    }, this.config.delivery.sweepIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async sweep(staleMs: number): Promise<{ instances: number; deliveries: number }> {
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
    const stale = await deliveries.find({
      where: { status: DeliveryStatus.Pending, updatedAt: LessThanOrEqual(cutoff) }, select: { id: true }, order: { id: 'ASC' }, take: BATCH,
    });
    const ids = new Set([...due.map((d) => d.id), ...stale.map((d) => d.id)]);
    for (const id of ids) await this.publisher.publish(Messages.DeliveryRequested, { deliveryId: id });
    if (staleMs === 0 && (instances.length > 0 || ids.size > 0)) {
      this.logger.log(`recovered ${instances.length} unrouted instances and ${ids.size} pending deliveries from the ledger`);
    }
    return { instances: instances.length, deliveries: ids.size };
  }
}
