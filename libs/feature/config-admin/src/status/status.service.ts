import { Inject, Injectable, Optional } from '@nestjs/common';
import type {
  DashboardStatusDto,
  WorkerStatusDto,
  HealthDto,
  LedgerCountsDto,
  StorageBackendStatusDto,
} from '@axiom/contracts';
import { BreakerState, DeliveryStatus, InstanceState } from '@axiom/domain';
import { BreakerRepository, BreakerView, DestinationConfigStore, GroupCount, StatusStore } from '@axiom/persistence';
import { HealthService } from '@axiom/runtime';
import { iso } from '../common/wire';
import { SourceStatusService } from './source-status.service';
import { QUEUE_STATUS_SOURCE, QueueStatusSource } from './status-sources';

const QUEUE_TIMEOUT_MS = 2000;

/** Health and counts for the dashboard; what other processes know comes through optional sources. */
@Injectable()
export class StatusService {
  constructor(
    private readonly store: StatusStore,
    private readonly backends: DestinationConfigStore,
    private readonly breakers: BreakerRepository,
    private readonly sources: SourceStatusService,
    private readonly healthService: HealthService,
    @Optional() @Inject(QUEUE_STATUS_SOURCE) private readonly queueSource?: QueueStatusSource,
  ) {}

  /** The process's health, as every health route answers it (HealthService). */
  health(): Promise<HealthDto> {
    return this.healthService.check();
  }

  async dashboard(): Promise<DashboardStatusDto> {
    const [health, dimse_listeners, dicomweb_pollers, dimse_qr_sources, queues, ledger, storage_backends, workers] =
      await Promise.all([
        this.health(),
        this.sources.listenerStatuses(),
        this.sources.dicomwebStatuses(),
        this.sources.qrStatuses(),
        this.queueDepths(),
        this.ledgerCounts(),
        this.storageBackendStatuses(),
        this.workers(),
      ]);
    return {
      ...health,
      dimse_listeners,
      dicomweb_pollers,
      dimse_qr_sources,
      queues,
      ledger,
      storage_backends,
      workers,
    };
  }

  /** Every storage backend with its deliveries by status (one grouped query, not one per backend). */
  async storageBackendStatuses(): Promise<StorageBackendStatusDto[]> {
    const [backends, rows, breakers] = await Promise.all([
      this.backends.list(),
      this.store.deliveryCountsByBackend(),
      this.breakers.list(),
    ]);
    const breakerOf = new Map(breakers.map((r) => [r.storageBackendId, r]));
    return backends.map((b) => ({
      id: b.id,
      name: b.name,
      backend_type: b.backendType,
      is_enabled: b.isEnabled,
      breaker: breakerStatus(breakerOf.get(b.id)),
      deliveries_by_status: countsOf(
        Object.values(DeliveryStatus),
        rows.filter((r) => r.storageBackendId === b.id),
      ),
    }));
  }

  async ledgerCounts(): Promise<LedgerCountsDto> {
    const [byState, byStatus] = await Promise.all([
      this.store.instanceCountsByState(),
      this.store.deliveryCountsByStatus(),
    ]);
    const instances_by_state = countsOf(Object.values(InstanceState), byState);
    const deliveries_by_status = countsOf(Object.values(DeliveryStatus), byStatus);
    return {
      instances_by_state,
      deliveries_by_status,
      dead_lettered: deliveries_by_status[DeliveryStatus.Failed] ?? 0,
    };
  }

  /** Without a broker (the embedded mode) routing runs in this very process, which is answering. */
  async workers(): Promise<WorkerStatusDto> {
    if (!this.queueSource) return { mode: 'in_process', state: 'running', count: 1 };
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), QUEUE_TIMEOUT_MS).unref());
    const count = await Promise.race([this.queueSource.routingConsumers().catch(() => null), timeout]);
    return { mode: 'broker', state: count === null ? 'unknown' : count > 0 ? 'running' : 'none', count };
  }

  private async queueDepths(): Promise<Record<string, number> | null> {
    if (!this.queueSource) return null;
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), QUEUE_TIMEOUT_MS).unref());
    return Promise.race([this.queueSource.depths().catch(() => null), timeout]);
  }
}

function breakerStatus(row: BreakerView | undefined): StorageBackendStatusDto['breaker'] {
  if (!row)
    return {
      state: BreakerState.Closed,
      consecutive_failures: 0,
      opened_at: null,
      next_probe_at: null,
      last_error: null,
    };
  return {
    state: row.state,
    consecutive_failures: row.consecutiveFailures,
    opened_at: iso(row.openedAt),
    next_probe_at: iso(row.nextProbeAt),
    last_error: row.lastError,
  };
}

function countsOf(keys: string[], rows: GroupCount[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
  for (const r of rows) out[r.key] = r.n;
  return out;
}
