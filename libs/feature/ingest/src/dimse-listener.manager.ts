import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import {
  DimseTlsMaterial,
  IncomingInstance,
  ScpListener,
  ScpTlsOptions,
  StoreHandler,
  StoreResult,
  StoreStatus,
  loadDimseTls,
  printable,
} from '@axiom/dicom-dimse';
import { ListenerRuntimeStatus, REFUSAL_ANSWERS, SourceType } from '@axiom/domain';
import { DimseListenerEntity, DimseListenerStore } from '@axiom/persistence';
import { metrics, newCorrelationId, onScrape, runWithCorrelation } from '@axiom/observability';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { GracefulShutdown } from '@axiom/runtime';
import { REUSED_MAX } from './file-buffers';
import { IngestService } from './ingest.service';
import { MoveAttribution } from './move-attribution';
import { SpoolService } from '@axiom/spool';

interface Running {
  signature: string;
  listener: ScpListener;
  status: ListenerRuntimeStatus;
}

/** A row that could not start: retried with backoff, or at once when the row changes. */
interface Failed {
  signature: string;
  status: ListenerRuntimeStatus;
  attempts: number;
  /** Epoch ms of the next attempt; null = only a change of the row can help (TLS, reserved port). */
  retryAt: number | null;
}

const RECONCILE_INTERVAL_MS = 3000;
const RETRY_BASE_MS = 3000;
const RETRY_MAX_MS = 5 * 60_000;

/**
 * Runs one SCP per enabled listener row of this process's AXIOM_INSTANCE_ID and follows the
 * table: rows added, changed, disabled or deleted take effect within seconds, without a restart.
 */
@Injectable()
export class DimseListenerManager implements OnApplicationBootstrap, OnApplicationShutdown, StoreHandler {
  private readonly logger = new Logger('DimseListeners');
  private readonly running = new Map<number, Running>();
  private readonly failed = new Map<number, Failed>();
  private timer: NodeJS.Timeout | null = null;
  private reconciling: Promise<void> = Promise.resolve();
  private stopMetrics: (() => void) | null = null;

  constructor(
    private readonly listenerRows: DimseListenerStore,
    private readonly ingest: IngestService,
    private readonly spool: SpoolService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly shutdown?: GracefulShutdown,
    @Optional() private readonly moves?: MoveAttribution,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.shutdown?.register('dimse-listeners', (deadline) => this.drain(deadline));
    await this.spool.init();
    await this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), RECONCILE_INTERVAL_MS);
    this.timer.unref();
    this.stopMetrics = onScrape(() => {
      metrics.associationsActive.reset();
      for (const run of this.running.values())
        metrics.associationsActive.set({ listener: run.status.name }, run.listener.connectionCount);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopMetrics?.();
    await this.drain(Date.now());
  }

  /** Shutdown: no new associations; those in flight finish until the deadline (database and broker still open). */
  private async drain(deadline: number): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.reconciling;
    await Promise.all([...this.running.values()].map((r) => r.listener.stop(Math.max(0, deadline - Date.now()))));
    this.running.clear();
  }

  /**
   * The embedded default: on an empty table, a listener named `default`, AE `AXIOM`, port 11112
   * (AXIOM_DEFAULT_LISTENER_PORT). False when the table has rows already.
   */
  seedDefaultListener(): Promise<boolean> {
    return this.listenerRows.seedDefault({ instanceId: this.config.instanceId, port: this.config.defaultListenerPort });
  }

  statuses(): ListenerRuntimeStatus[] {
    return [...[...this.running.values()].map((r) => r.status), ...[...this.failed.values()].map((f) => f.status)];
  }

  /** Called by each SCP with a durable upload: hand it to ingest, map the outcome to a status. */
  async store(instance: IncomingInstance): Promise<StoreResult> {
    // a sub-operation of one of our Q/R sources' C-MOVEs is recorded as that source's
    const qrSource = await this.moves?.sourceOf(instance);
    // every log line of this instance's ingest carries its association's id
    const outcome = await runWithCorrelation(instance.association.associationId ?? newCorrelationId(), () =>
      this.ingest.ingest({
        tempPath: instance.tempPath,
        durable: instance.durable,
        bytes: instance.bytes,
        sourceType: qrSource ? SourceType.DimseQr : SourceType.DimseListener,
        sourceName: qrSource ?? instance.association.sourceName,
        callingAeTitle: instance.association.callingAeTitle,
        calledAeTitle: instance.association.calledAeTitle,
        peerAddress: instance.association.peerAddress,
        announced: { sopClassUid: instance.sopClassUid, sopInstanceUid: instance.sopInstanceUid },
      }),
    );
    if (outcome.ok) return { status: StoreStatus.Success };
    return { status: REFUSAL_ANSWERS[outcome.kind].dimseStatus, errorComment: outcome.reason };
  }

  reconcile(): Promise<void> {
    this.reconciling = this.reconciling
      .then(async () => {
        await this.doReconcile();
        await this.report();
      })
      .catch((err: unknown) => {
        this.logger.error(`cannot read listener configuration or report status: ${(err as Error).message}`);
      });
    return this.reconciling;
  }

  /** Writes this process's listener states where the API of the distributed mode reads them. */
  private async report(): Promise<void> {
    await this.listenerRows.reportStatuses(this.statuses(), new Date());
  }

  private async doReconcile(): Promise<void> {
    const rows = await this.listenerRows.enabledFor(this.config.instanceId);
    const wanted = new Map(rows.map((r) => [r.id, r]));
    for (const [id, run] of this.running) {
      const row = wanted.get(id);
      if (!row || signature(row) !== run.signature) {
        await run.listener.stop();
        this.running.delete(id);
        this.logger.log(`stopped listener "${printable(run.status.name)}" on port ${run.status.port}`);
      }
    }
    for (const id of this.failed.keys()) if (!wanted.has(id)) this.failed.delete(id);
    for (const row of rows) {
      if (this.running.has(row.id)) continue;
      const previous = this.failed.get(row.id);
      if (
        previous &&
        previous.signature === signature(row) &&
        (previous.retryAt === null || Date.now() < previous.retryAt)
      )
        continue;
      await this.startListener(row, previous && previous.signature === signature(row) ? previous.attempts : 0);
    }
  }

  /** Why a row must not be served at all, whatever we retry: a port of our own, or TLS we cannot do. */
  private refusal(row: DimseListenerEntity): string | null {
    // never serve DICOM in cleartext on a row that asked for TLS
    if (row.tlsEnabled && (!this.config.dimseTls.certPath || !this.config.dimseTls.keyPath)) {
      return 'DICOM TLS is enabled on this listener, but this process has no certificate: set DIMSE_TLS_CERT and DIMSE_TLS_KEY (and DIMSE_TLS_CA) and restart it';
    }
    if (row.port === this.config.port) return `port ${row.port} is this process's HTTP port (PORT)`;
    if (this.config.healthPort !== 0 && row.port === this.config.healthPort)
      return `port ${row.port} is this process's health port (HEALTH_PORT)`;
    return null;
  }

  private markFailed(
    row: DimseListenerEntity,
    status: ListenerRuntimeStatus,
    reason: string,
    attempts: number,
    retry: boolean,
  ): void {
    status.state = 'error';
    status.lastError = reason;
    status.lastErrorAt = new Date().toISOString();
    const retryAt = retry ? Date.now() + Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1)) : null;
    this.failed.set(row.id, { signature: signature(row), status, attempts, retryAt });
    this.logger.error(
      `listener "${printable(row.name)}": ${reason}${retryAt ? `; retrying in ${Math.round((retryAt - Date.now()) / 1000)} s` : ''}`,
    );
  }

  private async startListener(row: DimseListenerEntity, previousAttempts: number): Promise<void> {
    const status: ListenerRuntimeStatus = {
      id: row.id,
      name: row.name,
      aeTitle: row.aeTitle,
      port: row.port,
      instanceId: row.instanceId,
      state: 'listening',
      associations: 0,
      stored: 0,
      failed: 0,
      lastError: null,
      lastErrorAt: null,
    };
    const refusal = this.refusal(row);
    if (refusal) {
      const known = this.failed.get(row.id);
      if (known?.signature !== signature(row)) this.markFailed(row, status, refusal, 0, false);
      return;
    }
    let tls: ScpTlsOptions | undefined;
    try {
      if (row.tlsEnabled)
        tls = {
          ...(loadDimseTls(this.config.dimseTls, true) as DimseTlsMaterial),
          requireClientCert: this.config.dimseTls.requireClientCert,
        };
    } catch (err) {
      // an unreadable or unusable file may be fixed in place: retried with backoff
      return this.markFailed(row, status, printable((err as Error).message), previousAttempts + 1, true);
    }
    const listener = new ScpListener({
      ...this.config.dimse,
      tls,
      name: row.name,
      aeTitle: row.aeTitle,
      port: row.port,
      // small objects stay in memory until ingest has checked them (no read back)
      incoming: { open: (header, pressure) => this.spool.createIncoming({ header, pressure, keep: REUSED_MAX }) },
      handler: this,
      onEvent: (event, detail) => {
        if (event === 'association') {
          status.associations++;
          metrics.associations.inc({ listener: row.name });
        } else if (event === 'store-ok') status.stored++;
        else {
          if (event === 'store-failed') status.failed++;
          else metrics.associationErrors.inc({ listener: row.name });
          // details are escaped by the listener already (peer AE titles, UIDs, comments)
          status.lastError = detail ?? null;
          status.lastErrorAt = new Date().toISOString();
          this.logger.debug(`listener "${printable(row.name)}": ${detail ?? event}`);
        }
      },
    });
    try {
      await listener.start();
      this.failed.delete(row.id);
      this.running.set(row.id, { signature: signature(row), listener, status });
      this.logger.log(
        `listener "${printable(row.name)}" accepting ${printable(row.aeTitle)} on port ${row.port}${tls ? ' (DICOM TLS)' : ''}`,
      );
    } catch (err) {
      this.markFailed(
        row,
        status,
        `cannot listen on port ${row.port}: ${printable((err as Error).message)}`,
        previousAttempts + 1,
        true,
      );
    }
  }
}

function signature(row: DimseListenerEntity): string {
  return JSON.stringify([row.name, row.aeTitle, row.port, row.tlsEnabled]);
}
