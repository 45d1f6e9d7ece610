import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Messages } from '@axiom/domain';
import { LedgerRepository } from '@axiom/persistence';
import { MessagePublisher } from '@axiom/messaging';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { whenHttpListening } from '@axiom/runtime';

/** Instances not routed this long after their last change are considered lost in transit and published again. */
const STALE_MS = 60_000;
const BATCH = 500;

export interface SweepResult {
  instances: number;
  deliveries: number;
  released: number;
}

/**
 * The outbox sweep. The ledger is the truth: on start, everything unfinished is published again
 * (instances not routed yet, deliveries pending). Afterwards: deliveries whose retry time has
 * come, held deliveries of re-enabled destinations, claims whose lease ran out (their sender
 * died), instances left unrouted for a minute, and deliveries left pending for a whole lease
 * (a release whose publish was lost: the broker was down, or the process stopped in between;
 * each such row goes out at most once a lease). A message that turns out to be a second one for
 * its delivery is harmless: only the claim sends, and a delivery being sent holds a live claim,
 * so no delivery is ever in flight twice.
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
    private readonly ledger: LedgerRepository,
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
      this.running = this.running
        .then(async () => {
          await this.sweep(STALE_MS);
        })
        .catch((err: unknown) => this.logger.error(`sweep failed: ${(err as Error).message}`));
    }, this.config.delivery.sweepIntervalMs);
    this.timer.unref();
  }

  async sweep(staleMs: number): Promise<SweepResult> {
    const now = new Date();
    const instances = await this.ledger.unroutedInstanceIds(new Date(now.getTime() - staleMs), BATCH);
    for (const id of instances) await this.publisher.publish(Messages.InstanceReceived, { instanceId: id });
    const due = await this.ledger.releaseDue(now, BATCH);
    const released = await this.ledger.releaseHeld(BATCH);
    // a claim whose holder stopped renewing it: the sender died mid-send; the delivery goes out again
    // (embedded: at start-up no other process can hold a claim, so every claim is a dead one)
    const leaseCutoff =
      staleMs === 0 && this.config.mode === 'embedded'
        ? now
        : new Date(now.getTime() - this.config.delivery.claimLeaseMs);
    const expired = await this.ledger.releaseExpiredClaims(leaseCutoff, BATCH);
    // at start-up nothing of this process is in flight: pending rows may have lost their message.
    // Later, a row pending for a whole lease without a sender taking it lost its message (the
    // publish after a release failed, or its process stopped between the two): it goes again.
    const pending =
      staleMs === 0
        ? await this.ledger.pendingDeliveryIds({}, BATCH)
        : await this.ledger.releaseStalePending(new Date(now.getTime() - this.config.delivery.claimLeaseMs), BATCH);
    const ids = new Set([...due, ...released, ...expired, ...pending]);
    for (const id of ids) await this.publisher.publish(Messages.DeliveryRequested, { deliveryId: id });
    if (staleMs === 0 && (instances.length > 0 || ids.size > 0)) {
      this.logger.log(
        `recovered ${instances.length} unrouted instances and ${ids.size} pending deliveries from the ledger`,
      );
    }
    if (expired.length > 0)
      this.logger.warn(`released ${expired.length} deliveries whose claim ran out (their sender stopped)`);
    if (released.length > 0)
      this.logger.log(`released ${released.length} held deliveries of re-enabled storage backends`);
    return { instances: instances.length, deliveries: ids.size, released: released.length };
  }
}
