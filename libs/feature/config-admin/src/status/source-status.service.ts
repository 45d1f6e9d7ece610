import { Inject, Injectable, Optional } from '@nestjs/common';
import type { InputSourceDto, ListenerStatusDto, SourceStatusDto, StatusSourceType } from '@axiom/contracts';
import { ListenerRuntimeStatus, SourceType } from '@axiom/domain';
import {
  DicomwebSourceConfigStore,
  DimseListenerConfigStore,
  DimseQrSourceConfigStore,
  PollingStateRepository,
  StatusStore,
} from '@axiom/persistence';
import { iso } from '../common/wire';
import { isPolling, nextRunOf, pollingStates } from '../sources/source-polling';
import { LISTENER_STATUS_SOURCE, ListenerStatusSource } from './status-sources';

/** Listener processes report every 3 s; three missed reports mean the state is unknown. */
const REPORT_STALE_MS = 10_000;

/** The state of each input: DIMSE listeners (running here or reported), DICOMweb pollers and DIMSE Q/R sources. */
@Injectable()
export class SourceStatusService {
  constructor(
    private readonly store: StatusStore,
    private readonly listeners: DimseListenerConfigStore,
    private readonly dicomweb: DicomwebSourceConfigStore,
    private readonly qr: DimseQrSourceConfigStore,
    private readonly polling: PollingStateRepository,
    @Optional() @Inject(LISTENER_STATUS_SOURCE) private readonly listenerSource?: ListenerStatusSource,
  ) {}

  async listenerStatuses(): Promise<ListenerStatusDto[]> {
    const running = new Map(
      (this.listenerSource ? this.listenerSource.statuses() : await this.reportedListenerStatuses()).map((s) => [
        s.id,
        s,
      ]),
    );
    return (await this.listeners.list()).map((row) => {
      const s = running.get(row.id);
      return {
        id: row.id,
        name: row.name,
        ae_title: row.aeTitle,
        port: row.port,
        instance_id: row.instanceId,
        is_enabled: row.isEnabled,
        state: s?.state ?? (row.isEnabled ? 'unknown' : 'stopped'),
        associations: s?.associations ?? null,
        stored: s?.stored ?? null,
        failed: s?.failed ?? null,
        last_error: s?.lastError ?? null,
        last_error_at: s?.lastErrorAt ?? null,
      };
    });
  }

  /**
   * Without listeners in this process (the distributed api), the states the dimse-listener
   * processes report every few seconds; a report older than REPORT_STALE_MS means "unknown".
   */
  private async reportedListenerStatuses(): Promise<ListenerRuntimeStatus[]> {
    const fresh = Date.now() - REPORT_STALE_MS;
    return (await this.store.listenerReports())
      .filter((r) => r.reportedAt.getTime() >= fresh)
      .map((r) => ({
        id: r.listenerId,
        name: '',
        aeTitle: '',
        port: 0,
        instanceId: r.instanceId,
        state: r.state,
        associations: r.associations,
        stored: r.stored,
        failed: r.failed,
        lastError: r.lastError,
        lastErrorAt: r.lastErrorAt,
      }));
  }

  async dicomwebStatuses(): Promise<SourceStatusDto[]> {
    const states = await pollingStates(this.polling, 'dicomweb');
    return (await this.dicomweb.list()).map((r) => ({
      id: r.id,
      name: r.name,
      source_type: 'dicomweb',
      is_enabled: r.isEnabled,
      is_active: r.isActive,
      last_success: iso(r.lastSuccessfulRun),
      last_error_at: iso(r.lastErrorRun),
      last_error_message: r.lastErrorMessage,
      counts: {
        found_instance_count: r.foundInstanceCount,
        queued_instance_count: r.queuedInstanceCount,
        processed_instance_count: r.processedInstanceCount,
      },
      next_run_at: nextRunOf(states.get(r.id)),
      polling: isPolling(states.get(r.id)),
    }));
  }

  async qrStatuses(): Promise<SourceStatusDto[]> {
    const states = await pollingStates(this.polling, 'dimse_qr');
    return (await this.qr.list()).map((r) => ({
      id: r.id,
      name: r.name,
      source_type: 'dimse_qr',
      is_enabled: r.isEnabled,
      is_active: r.isActive,
      last_success: iso(r.lastSuccessfulMove ?? r.lastSuccessfulQuery),
      last_error_at: iso(r.lastErrorTime),
      last_error_message: r.lastErrorMessage,
      counts: {
        found_study_count: r.foundStudyCount,
        move_queued_study_count: r.moveQueuedStudyCount,
        processed_instance_count: r.processedInstanceCount,
      },
      next_run_at: nextRunOf(states.get(r.id)),
      polling: isPolling(states.get(r.id)),
    }));
  }

  /** Every name `applicable_sources` may use. */
  async inputSources(): Promise<InputSourceDto[]> {
    const [listeners, web, qr] = await Promise.all([this.listeners.list(), this.dicomweb.list(), this.qr.list()]);
    const entry = (
      name: string,
      source_type: StatusSourceType,
      id: number | null,
      is_enabled: boolean,
    ): InputSourceDto => ({ name, source_type, id, is_enabled });
    return [
      ...listeners.map((r) => entry(r.name, 'dimse_listener', r.id, r.isEnabled)),
      ...web.map((r) => entry(r.name, 'dicomweb', r.id, r.isEnabled)),
      ...qr.map((r) => entry(r.name, 'dimse_qr', r.id, r.isEnabled)),
      entry(SourceType.ApiJson, 'api_json', null, true),
      entry(SourceType.StowRs, 'stow_rs', null, true),
    ];
  }
}
