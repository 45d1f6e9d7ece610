import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { ComponentHealthDto, DashboardStatusDto, WorkerStatusDto, HealthDto, InputSourceDto, LedgerCountsDto, ListenerStatusDto, SourceStatusDto, StorageBackendStatusDto } from '@axiom/contracts';
import { API_JSON_SOURCE, BreakerState, DeliveryStatus, InstanceState, ListenerRuntimeStatus, STOW_RS_SOURCE } from '@axiom/domain';
import { MessagePublisher } from '@axiom/messaging';
import { DeliveryEntity, DicomwebSourceEntity, DimseListenerEntity, DimseQrSourceEntity, InstanceEntity, ListenerStatusEntity, PollingStateRepository, StorageBackendBreakerEntity, StorageBackendEntity } from '@axiom/persistence';
import { iso } from '../common/wire';
import { isPolling, nextRunOf, pollingStates } from '../sources/source-polling';
import { LISTENER_STATUS_SOURCE, ListenerStatusSource, QUEUE_STATUS_SOURCE, QueueStatusSource } from './status-sources';

const QUEUE_TIMEOUT_MS = 2000;
/** Listener processes report every 3 s; three missed reports mean the state is unknown. */
const REPORT_STALE_MS = 10_000;

/** Health and counts for the dashboard; what other processes know comes through optional sources. */
@Injectable()
export class StatusService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(DimseListenerEntity) private readonly listeners: Repository<DimseListenerEntity>,
    @InjectRepository(DicomwebSourceEntity) private readonly dicomweb: Repository<DicomwebSourceEntity>,
    @InjectRepository(DimseQrSourceEntity) private readonly qr: Repository<DimseQrSourceEntity>,
    @InjectRepository(InstanceEntity) private readonly instances: Repository<InstanceEntity>,
    @InjectRepository(DeliveryEntity) private readonly deliveries: Repository<DeliveryEntity>,
    @InjectRepository(ListenerStatusEntity) private readonly reports: Repository<ListenerStatusEntity>,
    @InjectRepository(StorageBackendEntity) private readonly backends: Repository<StorageBackendEntity>,
    private readonly polling: PollingStateRepository,
    @Optional() @Inject(MessagePublisher) private readonly publisher?: MessagePublisher,
    @Optional() @Inject(LISTENER_STATUS_SOURCE) private readonly listenerSource?: ListenerStatusSource,
    @Optional() @Inject(QUEUE_STATUS_SOURCE) private readonly queueSource?: QueueStatusSource,
  ) {}

  async health(): Promise<HealthDto> {
    const [database, broker] = await Promise.all([this.databaseHealth(), Promise.resolve(this.brokerHealth())]);
    return { status: database.status === 'ok' && broker.status !== 'error' ? 'ok' : 'degraded', database, broker };
  }

  async dashboard(): Promise<DashboardStatusDto> {
    const [health, dimse_listeners, dicomweb_pollers, dimse_qr_sources, queues, ledger, storage_backends, workers] = await Promise.all([
      this.health(), this.listenerStatuses(), this.dicomwebStatuses(), this.qrStatuses(), this.queueDepths(), this.ledgerCounts(), this.storageBackendStatuses(),
      this.workers(),
    ]);
    return { ...health, dimse_listeners, dicomweb_pollers, dimse_qr_sources, queues, ledger, storage_backends, workers };
  }

  /** Every storage backend with its deliveries by status (one grouped query, not one per backend). */
  async storageBackendStatuses(): Promise<StorageBackendStatusDto[]> {
    const [backends, rows, breakers] = await Promise.all([
      this.backends.find({ order: { id: 'ASC' } }),
      this.deliveries.createQueryBuilder('d').select('d.storageBackendId', 'backend').addSelect('d.status', 'key').addSelect('COUNT(*)', 'n')
        .groupBy('d.storageBackendId').addGroupBy('d.status').getRawMany<{ backend: string | number; key: string; n: string | number }>(),
      this.db.getRepository(StorageBackendBreakerEntity).find(),
    ]);
    const breakerOf = new Map(breakers.map((r) => [r.storageBackendId, r]));
    return backends.map((b) => ({
      id: b.id, name: b.name, backend_type: b.backendType, is_enabled: b.isEnabled, breaker: breakerStatus(breakerOf.get(b.id)),
      deliveries_by_status: countsOf(Object.values(DeliveryStatus), rows.filter((r) => Number(r.backend) === b.id)),
    }));
  }

  async listenerStatuses(): Promise<ListenerStatusDto[]> {
    const running = new Map((this.listenerSource ? this.listenerSource.statuses() : await this.reportedListenerStatuses()).map((s) => [s.id, s]));
    return (await this.listeners.find({ order: { id: 'ASC' } })).map((row) => {
      const s = running.get(row.id);
      return {
        id: row.id, name: row.name, ae_title: row.aeTitle, port: row.port, instance_id: row.instanceId, is_enabled: row.isEnabled,
        state: s?.state ?? (row.isEnabled ? 'unknown' : 'stopped'), associations: s?.associations ?? null, stored: s?.stored ?? null,
        failed: s?.failed ?? null, last_error: s?.lastError ?? null, last_error_at: s?.lastErrorAt ?? null,
      };
    });
  }

  /**
   * Without listeners in this process (the distributed api), the states the dimse-listener
   * processes report every few seconds; a report older than REPORT_STALE_MS means "unknown".
   */
  private async reportedListenerStatuses(): Promise<ListenerRuntimeStatus[]> {
    const fresh = Date.now() - REPORT_STALE_MS;
    return (await this.reports.find()).filter((r) => r.reportedAt.getTime() >= fresh).map((r) => ({
      id: r.listenerId, name: '', aeTitle: '', port: 0, instanceId: r.instanceId, state: r.state, associations: r.associations,
      stored: r.stored, failed: r.failed, lastError: r.lastError, lastErrorAt: r.lastErrorAt,
    }));
  }

  async dicomwebStatuses(): Promise<SourceStatusDto[]> {
    const states = await pollingStates(this.polling, 'dicomweb');
    return (await this.dicomweb.find({ order: { id: 'ASC' } })).map((r) => ({
      id: r.id, name: r.name, source_type: 'dicomweb', is_enabled: r.isEnabled, is_active: r.isActive,
      last_success: iso(r.lastSuccessfulRun), last_error_at: iso(r.lastErrorRun), last_error_message: r.lastErrorMessage,
      counts: { found_instance_count: r.foundInstanceCount, queued_instance_count: r.queuedInstanceCount, processed_instance_count: r.processedInstanceCount },
      next_run_at: nextRunOf(states.get(r.id)), polling: isPolling(states.get(r.id)),
    }));
  }

  async qrStatuses(): Promise<SourceStatusDto[]> {
    const states = await pollingStates(this.polling, 'dimse_qr');
    return (await this.qr.find({ order: { id: 'ASC' } })).map((r) => ({
      id: r.id, name: r.name, source_type: 'dimse_qr', is_enabled: r.isEnabled, is_active: r.isActive,
      last_success: iso(r.lastSuccessfulMove ?? r.lastSuccessfulQuery), last_error_at: iso(r.lastErrorTime), last_error_message: r.lastErrorMessage,
      counts: { found_study_count: r.foundStudyCount, move_queued_study_count: r.moveQueuedStudyCount, processed_instance_count: r.processedInstanceCount },
      next_run_at: nextRunOf(states.get(r.id)), polling: isPolling(states.get(r.id)),
    }));
  }

  /** Every name `applicable_sources` may use. */
  async inputSources(): Promise<InputSourceDto[]> {
    const [listeners, web, qr] = await Promise.all([this.listeners.find(), this.dicomweb.find(), this.qr.find()]);
    return [
      ...listeners.map((r) => ({ name: r.name, source_type: 'dimse_listener', id: r.id, is_enabled: r.isEnabled })),
      ...web.map((r) => ({ name: r.name, source_type: 'dicomweb', id: r.id, is_enabled: r.isEnabled })),
      ...qr.map((r) => ({ name: r.name, source_type: 'dimse_qr', id: r.id, is_enabled: r.isEnabled })),
      { name: API_JSON_SOURCE, source_type: 'api_json', id: null, is_enabled: true },
      { name: STOW_RS_SOURCE, source_type: 'stow_rs', id: null, is_enabled: true },
    ];
  }

  async ledgerCounts(): Promise<LedgerCountsDto> {
    const byState = await this.instances.createQueryBuilder('i').select('i.state', 'key').addSelect('COUNT(*)', 'n').groupBy('i.state').getRawMany<{ key: string; n: string | number }>();
    const byStatus = await this.deliveries.createQueryBuilder('d').select('d.status', 'key').addSelect('COUNT(*)', 'n').groupBy('d.status').getRawMany<{ key: string; n: string | number }>();
    const instances_by_state = countsOf(Object.values(InstanceState), byState);
    const deliveries_by_status = countsOf(Object.values(DeliveryStatus), byStatus);
    return { instances_by_state, deliveries_by_status, dead_lettered: deliveries_by_status[DeliveryStatus.Failed] ?? 0 };
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

  private async databaseHealth(): Promise<ComponentHealthDto> {
    try {
      await this.db.query('SELECT 1');
      return { status: 'ok', detail: null };
    } catch {
      return { status: 'error', detail: 'database unreachable' };
    }
  }

  private brokerHealth(): ComponentHealthDto {
    if (!this.publisher) return { status: 'unknown', detail: null };
    return this.publisher.isHealthy() ? { status: 'ok', detail: null } : { status: 'error', detail: 'broker not connected' };
  }
}

function breakerStatus(row: StorageBackendBreakerEntity | undefined): StorageBackendStatusDto['breaker'] {
  if (!row) return { state: BreakerState.Closed, consecutive_failures: 0, opened_at: null, next_probe_at: null, last_error: null };
  return { state: row.state, consecutive_failures: row.consecutiveFailures, opened_at: iso(row.openedAt), next_probe_at: iso(row.nextProbeAt), last_error: row.lastError };
}

function countsOf(keys: string[], rows: { key: string; n: string | number }[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
  for (const r of rows) out[r.key] = Number(r.n);
  return out;
}
