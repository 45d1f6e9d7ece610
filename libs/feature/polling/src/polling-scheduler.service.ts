import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { SOURCE_TYPE_OF_POLLED } from '@axiom/domain';
import { IngestService } from '@axiom/feature-ingest';
import type { PollingSourceKind } from '@axiom/domain';
import { PollingState, PollingStateRepository, SourceRef } from '@axiom/persistence';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { SecretBox } from '@axiom/secrets';
import { GracefulShutdown } from '@axiom/runtime';
import { SpoolService } from '@axiom/spool';
import { PollRound, RoundResult, messageOf } from './poll-round';
import { isDue, nextRunAt, sinceOf } from './schedule';
import { IngestSink, PollContext, SOURCE_DRIVERS, SourceDriver, SourceRowOf } from './source-driver';

type AnyRow = SourceRowOf[PollingSourceKind];

interface Running {
  signature: string;
  controller: AbortController;
  done: Promise<void>;
}

/** How long shutdown waits for running rounds to stop. */
const SHUTDOWN_WAIT_MS = 10_000;

/**
 * Runs the sources' rounds. Every POLL_RECONCILE_INTERVAL_MS it reads the source rows and their
 * polling states (so rows added, changed, paused or deleted, and poll-now requests, take effect
 * without a restart), aborts rounds of rows that changed or went away, and starts the rounds
 * that are due, each under the source's lease: with several pollers, one polls a source at a
 * time, and a lease its holder stopped renewing (it died) is taken over.
 */
@Injectable()
export class PollingScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Polling');
  /** This process as a lease holder. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly running = new Map<string, Running>();
  private readonly drivers: Map<PollingSourceKind, SourceDriver>;
  private timer: NodeJS.Timeout | null = null;
  private reconciling: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    @Inject(SOURCE_DRIVERS) drivers: SourceDriver[],
    private readonly repo: PollingStateRepository,
    private readonly ingest: IngestService,
    private readonly spool: SpoolService,
    private readonly box: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly shutdown?: GracefulShutdown,
  ) {
    this.drivers = new Map(drivers.map((d) => [d.kind, d]));
    if (this.drivers.size !== drivers.length) throw new Error('PollingModule: two drivers for one source kind');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.spool.init();
    // on SIGTERM the rounds stop and their leases are released while the database is still open
    this.shutdown?.register('pollers', (deadline) => this.stop(deadline));
    this.logger.log(`polling ${[...this.drivers.keys()].join(', ') || 'no'} sources as ${this.owner}`);
    void this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), this.config.polling.reconcileIntervalMs);
    this.timer.unref();
  }

  /** Without a GracefulShutdown (a test module), the rounds stop here. */
  async onApplicationShutdown(): Promise<void> {
    await this.stop(Date.now() + SHUTDOWN_WAIT_MS);
  }

  /** Stops the schedule and aborts the running rounds, waiting until `deadline` for them (each releases its lease). */
  private async stop(deadline: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.reconciling;
    for (const run of this.running.values()) run.controller.abort();
    const all = Promise.all([...this.running.values()].map((r) => r.done));
    await Promise.race([
      all,
      new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())).unref()),
    ]);
  }

  reconcile(): Promise<void> {
    this.reconciling = this.reconciling
      .then(async () => {
        for (const kind of this.drivers.keys()) if (!this.stopping) await this.reconcileKind(kind);
      })
      .catch((err: unknown) => {
        this.logger.error(`cannot read the sources or their polling state: ${messageOf(err)}`);
      });
    return this.reconciling;
  }

  private async reconcileKind(kind: PollingSourceKind): Promise<void> {
    const rows = await this.repo.sources(kind);
    const states = new Map((await this.repo.states(kind)).map((s) => [s.sourceId, s]));
    const byId = new Map<number, AnyRow>(rows.map((r) => [r.id, r]));
    for (const [key, run] of this.running) {
      const [k, id] = key.split(':');
      if (k !== kind) continue;
      const row = byId.get(Number(id));
      if (!row || !row.isEnabled || rowSignature(row) !== run.signature) run.controller.abort();
    }
    for (const state of states.values()) {
      if (!byId.has(state.sourceId) && !this.running.has(keyOf({ kind, id: state.sourceId })))
        await this.repo.forget({ kind, id: state.sourceId });
    }
    const now = new Date();
    for (const row of rows) {
      const ref = { kind, id: row.id };
      if (this.running.has(keyOf(ref)) || this.stopping) continue;
      const state = states.get(row.id) ?? null;
      if (!isDue(row, state, now)) continue;
      if (state?.leaseOwner && state.leaseOwner !== this.owner && state.leaseExpiresAt && state.leaseExpiresAt > now)
        continue;
      if (!state) await this.repo.ensure(ref);
      this.start(ref, row, state);
    }
  }

  private start(ref: SourceRef, row: AnyRow, state: PollingState | null): void {
    const controller = new AbortController();
    const key = keyOf(ref);
    const done = this.round(ref, row, state, controller)
      .catch((err: unknown) => this.logger.error(`source ${key}: ${messageOf(err)}`))
      .finally(() => this.running.delete(key));
    this.running.set(key, { signature: rowSignature(row), controller, done });
  }

  private async round(
    ref: SourceRef,
    row: AnyRow,
    state: PollingState | null,
    controller: AbortController,
  ): Promise<void> {
    const driver = this.drivers.get(ref.kind) as SourceDriver;
    if (!(await this.repo.acquireLease(ref, this.owner, this.config.polling.leaseMs))) return;
    // another poller may have finished a round of it since the states were read
    const current = await this.repo.state(ref);
    if (!isDue(row, current, new Date())) {
      await this.repo.releaseLease(ref, this.owner);
      return;
    }
    state = current;
    const startedAt = new Date();
    const renew = setInterval(
      () => {
        this.repo
          .acquireLease(ref, this.owner, this.config.polling.leaseMs)
          .then((held) => {
            if (!held) controller.abort();
          })
          .catch(() => controller.abort());
      },
      Math.max(500, Math.floor(this.config.polling.leaseMs / 3)),
    );
    renew.unref();
    let result: RoundResult;
    try {
      const watermark = state?.watermark ?? null;
      const ctx: PollContext = {
        source: row,
        credentials: this.credentialsOf(row),
        signal: controller.signal,
        cursor: { watermark, since: sinceOf(watermark, this.config.polling.overlapSeconds) },
      };
      result = await new PollRound({
        driver,
        repo: this.repo,
        ref,
        ctx,
        sink: this.sinkFor(ref.kind, row.name),
        identity: { type: SOURCE_TYPE_OF_POLLED[ref.kind], name: row.name },
        concurrency: Math.max(1, row.maxConcurrentRetrievals ?? 2),
      }).run();
    } catch (err) {
      result = {
        counts: { studiesFound: 0, studiesQueued: 0, itemsFound: 0, itemsQueued: 0, instancesProcessed: 0 },
        listingComplete: false,
        retrievedAny: false,
        errors: [messageOf(err)],
        errorCount: 1,
        watermark: null,
        aborted: controller.signal.aborted,
      };
    } finally {
      clearInterval(renew);
    }
    await this.record(ref, row, state, result, startedAt);
  }

  private async record(
    ref: SourceRef,
    row: AnyRow,
    state: PollingState | null,
    result: RoundResult,
    startedAt: Date,
  ): Promise<void> {
    const clean = result.listingComplete && result.errorCount === 0 && !result.aborted;
    await this.repo.recordProgress(ref, result.counts, {
      query: result.listingComplete,
      retrieval: result.retrievedAny,
      run: clean,
    });
    if (result.watermark) await this.repo.recordWatermark(ref, result.watermark);
    if (result.aborted) {
      // shutdown, a changed row or a lost lease: whoever polls next starts over where the cursor is
      await this.repo.releaseLease(ref, this.owner);
      return;
    }
    const failed = result.errorCount > 0;
    if (failed) {
      const more =
        result.errorCount > result.errors.length ? ` (and ${result.errorCount - result.errors.length} more)` : '';
      const message = `${result.errors.join('; ')}${more}`;
      await this.repo.recordError(ref, message);
      this.logger.warn(`source "${row.name}" (${ref.kind} ${ref.id}): ${message}`);
    }
    const next = nextRunAt({
      now: new Date(),
      intervalSeconds: row.pollingIntervalSeconds,
      failuresBefore: state?.consecutiveFailures ?? 0,
      failed,
      backoffMaxMs: this.config.polling.backoffMaxMs,
    });
    await this.repo.finishRound(ref, {
      owner: this.owner,
      nextRunAt: next,
      watermark: result.watermark,
      startedAt,
      failed,
    });
    const c = result.counts;
    if (c.itemsFound > 0 || failed) {
      this.logger.log(
        `source "${row.name}": ${c.studiesFound} studies new or changed, ${c.itemsQueued}/${c.itemsFound} retrievals queued, ${c.instancesProcessed} instances`,
      );
    }
  }

  private credentialsOf(row: AnyRow): Record<string, string> | null {
    const sealed = 'secrets' in row ? row.secrets : null;
    if (!sealed) return null;
    const opened = this.box.openJson<Record<string, unknown>>(sealed);
    return (opened['auth_config'] as Record<string, string> | undefined) ?? null;
  }

  private sinkFor(kind: PollingSourceKind, name: string): IngestSink {
    return {
      createIncoming: () => this.spool.createIncoming(),
      ingest: (tempPath, details) =>
        this.ingest.ingest({ tempPath, sourceType: SOURCE_TYPE_OF_POLLED[kind], sourceName: name, ...details }),
    };
  }
}

function keyOf(ref: SourceRef): string {
  return `${ref.kind}:${ref.id}`;
}

/** The row's configuration, without the status columns the rounds themselves write. */
export function rowSignature(row: object): string {
  const STATUS = /^(last|found|queued|moveQueued|processed|updatedAt$)/;
  return JSON.stringify(
    Object.entries(row)
      .filter(([k]) => !STATUS.test(k))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}
