import { Inject, Injectable, Logger } from '@nestjs/common';
import { BreakerState } from '@axiom/domain';
import { BreakerStateValue, metrics } from '@axiom/observability';
import { BreakerRepository, BreakerView, CLOSED_BREAKER } from '@axiom/persistence';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';

/** How long this process trusts its last read of the shared breaker table. */
const VIEW_TTL_MS = 1000;

export type Gate =
  | { kind: 'send' }
  /** This sender won the half-open probe: its send tests the destination. */
  | { kind: 'probe' }
  /** Open (or another sender is probing): wait until then, spending no attempt. */
  | { kind: 'wait'; until: Date };

const GAUGE: Record<BreakerState, number> = {
  [BreakerState.Closed]: BreakerStateValue.closed,
  [BreakerState.HalfOpen]: BreakerStateValue.halfOpen,
  [BreakerState.Open]: BreakerStateValue.open,
};

/**
 * The senders' side of the storage backends' circuit breakers (state in BreakerRepository,
 * shared by every process): closed sends; open waits until its probe time, when exactly one
 * sender probes (half-open); a probe's success closes it, its failure opens it again.
 */
@Injectable()
export class BreakerGate {
  private readonly logger = new Logger('Breaker');
  private views = new Map<number, BreakerView>();
  private readAt = 0;
  private reading: Promise<void> | null = null;
  private readonly names = new Map<number, string>();

  constructor(
    private readonly breakers: BreakerRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async view(storageBackendId: number): Promise<BreakerView> {
    if (Date.now() - this.readAt >= VIEW_TTL_MS) await this.refresh();
    return this.views.get(storageBackendId) ?? CLOSED_BREAKER(storageBackendId);
  }

  /** May a delivery to this destination go now? */
  async gate(storageBackendId: number, name: string): Promise<Gate> {
    this.names.set(storageBackendId, name);
    const v = await this.view(storageBackendId);
    if (v.state === BreakerState.Closed) return { kind: 'send' };
    const now = new Date();
    if (v.nextProbeAt && v.nextProbeAt.getTime() <= now.getTime()) {
      // a probe that never reports (its sender died mid-send) is given up after a claim's lease
      const giveUpAt = new Date(now.getTime() + this.config.delivery.claimLeaseMs);
      if (await this.breakers.takeProbe(storageBackendId, now, giveUpAt)) {
        this.remember({ ...v, state: BreakerState.HalfOpen, nextProbeAt: giveUpAt });
        this.logger.log(`storage backend "${name}": half-open, probing with one delivery`);
        return { kind: 'probe' };
      }
      await this.refresh();
    }
    const latest = this.views.get(storageBackendId) ?? v;
    if (latest.state === BreakerState.Closed) return { kind: 'send' };
    return {
      kind: 'wait',
      until:
        latest.nextProbeAt && latest.nextProbeAt > now
          ? latest.nextProbeAt
          : new Date(now.getTime() + this.config.breaker.probeIntervalMs),
    };
  }

  /** Whether the breaker is open now (for a claim that waited in its lane: it goes back unsent). */
  async openUntil(storageBackendId: number): Promise<Date | null> {
    const v = await this.view(storageBackendId);
    return v.state === BreakerState.Closed
      ? null
      : (v.nextProbeAt ?? new Date(Date.now() + this.config.breaker.probeIntervalMs));
  }

  /** A send got through. Returns true when this closed an open breaker (its waiting deliveries may go). */
  async succeeded(storageBackendId: number): Promise<boolean> {
    const v = this.views.get(storageBackendId);
    if (!v || (v.state === BreakerState.Closed && v.consecutiveFailures === 0)) return false;
    const reopened = await this.breakers.recordSuccess(storageBackendId);
    this.remember(CLOSED_BREAKER(storageBackendId));
    if (reopened)
      this.logger.log(
        `storage backend "${this.names.get(storageBackendId) ?? storageBackendId}": answers again, breaker closed`,
      );
    return reopened;
  }

  /** A connection failure or timeout. Returns the breaker after it (open: deliveries now wait). */
  async failed(storageBackendId: number, error: string): Promise<BreakerView> {
    const before = this.views.get(storageBackendId)?.state ?? BreakerState.Closed;
    const after = await this.breakers.recordFailure({
      storageBackendId,
      error,
      threshold: this.config.breaker.failureThreshold,
      probeAt: new Date(Date.now() + this.config.breaker.probeIntervalMs),
    });
    this.remember(after);
    if (after.state === BreakerState.Open && before === BreakerState.Closed) {
      this.logger.warn(
        `storage backend "${this.names.get(storageBackendId) ?? storageBackendId}": breaker open after ${after.consecutiveFailures} consecutive failures (${error}); probing every ${this.config.breaker.probeIntervalMs} ms`,
      );
    }
    return after;
  }

  private refresh(): Promise<void> {
    this.reading ??= this.breakers
      .list()
      .then((rows) => {
        const next = new Map<number, BreakerView>();
        for (const row of rows) next.set(row.storageBackendId, row);
        for (const id of this.views.keys()) if (!next.has(id)) this.setGauge(CLOSED_BREAKER(id));
        for (const row of rows) this.setGauge(row);
        this.views = next;
        this.readAt = Date.now();
      })
      .finally(() => {
        this.reading = null;
      });
    return this.reading;
  }

  private remember(v: BreakerView): void {
    this.views.set(v.storageBackendId, v);
    this.setGauge(v);
  }

  private setGauge(v: BreakerView): void {
    const name = this.names.get(v.storageBackendId);
    if (name) metrics.breakerState.set({ destination: name }, GAUGE[v.state]);
  }
}
