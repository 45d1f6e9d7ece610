import { Injectable } from '@nestjs/common';
import type { Identity } from '@axiom/auth';
import type {
  CreateDimseQrSourceDto,
  DimseQrSourceDto,
  PollRequestDto,
  UpdateDimseQrSourceDto,
} from '@axiom/contracts';
import { QueryLevel, RetrieveMethod } from '@axiom/domain';
import {
  DimseListenerConfigStore,
  DimseQrSourceConfigStore,
  PollingStateRepository,
  type DimseQrSourceEntity,
  type PollingState,
} from '@axiom/persistence';
import { RequestException } from '@axiom/platform-http';
import { AuditService } from '../audit/audit.service';
import { assertNameFree, findOr404 } from '../common/unique-name';
import { iso, isoRequired } from '../common/wire';
import { nextRunOf, pollingStates, requestPoll } from './source-polling';

const KIND = 'DIMSE Q/R source';
const STUDY_DATE = /^(TODAY|YESTERDAY|-\d{1,4}d|\d{8}|\d{8}-|-\d{8}|\d{8}-\d{8})$/;

function toDto(row: DimseQrSourceEntity, state?: PollingState): DimseQrSourceDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    remote_ae_title: row.remoteAeTitle,
    remote_host: row.remoteHost,
    remote_port: row.remotePort,
    local_ae_title: row.localAeTitle,
    polling_interval_seconds: row.pollingIntervalSeconds,
    is_enabled: row.isEnabled,
    is_active: row.isActive,
    query_level: row.queryLevel,
    query_filters: row.queryFilters,
    move_destination_ae_title: row.moveDestinationAeTitle,
    retrieve_method: row.retrieveMethod,
    last_successful_query: iso(row.lastSuccessfulQuery),
    last_successful_move: iso(row.lastSuccessfulMove),
    last_error_time: iso(row.lastErrorTime),
    last_error_message: row.lastErrorMessage,
    found_study_count: row.foundStudyCount,
    move_queued_study_count: row.moveQueuedStudyCount,
    processed_instance_count: row.processedInstanceCount,
    max_concurrent_retrievals: row.maxConcurrentRetrievals,
    next_run_at: nextRunOf(state),
    created_at: isoRequired(row.createdAt),
    updated_at: isoRequired(row.updatedAt),
  };
}

/** DIMSE Q/R sources: C-FIND on a schedule, C-MOVE to one of our listeners. */
@Injectable()
export class DimseQrSourcesService {
  constructor(
    private readonly sources: DimseQrSourceConfigStore,
    private readonly listeners: DimseListenerConfigStore,
    private readonly audit: AuditService,
    private readonly polling: PollingStateRepository,
  ) {}

  async list(): Promise<DimseQrSourceDto[]> {
    const states = await pollingStates(this.polling, 'dimse_qr');
    return (await this.sources.list()).map((row) => toDto(row, states.get(row.id)));
  }

  async get(id: number): Promise<DimseQrSourceDto> {
    return toDto(
      await findOr404(this.sources, KIND, id),
      (await this.polling.state({ kind: 'dimse_qr', id })) ?? undefined,
    );
  }

  /** Poll-now: a poller starts a round of this source within seconds. */
  async poll(id: number): Promise<PollRequestDto> {
    return requestPoll(this.polling, { kind: 'dimse_qr', label: KIND, row: await findOr404(this.sources, KIND, id) });
  }

  async create(dto: CreateDimseQrSourceDto, actor: Identity): Promise<DimseQrSourceDto> {
    await assertNameFree(this.sources, KIND, dto.name);
    await this.check(dto.move_destination_ae_title, dto.query_filters ?? null);
    const row = await this.sources.insert({
      name: dto.name,
      description: dto.description ?? null,
      remoteAeTitle: dto.remote_ae_title,
      remoteHost: dto.remote_host,
      remotePort: dto.remote_port,
      localAeTitle: dto.local_ae_title ?? 'AXIOM_QR_SCU',
      pollingIntervalSeconds: dto.polling_interval_seconds ?? 300,
      isEnabled: dto.is_enabled ?? true,
      isActive: dto.is_active ?? true,
      queryLevel: dto.query_level ?? QueryLevel.Study,
      queryFilters: dto.query_filters ?? null,
      moveDestinationAeTitle: dto.move_destination_ae_title,
      retrieveMethod: dto.retrieve_method ?? RetrieveMethod.CMove,
      maxConcurrentRetrievals: dto.max_concurrent_retrievals ?? 2,
    });
    const after = toDto(row);
    await this.audit.record({ actor, action: 'create', entityType: 'dimse_qr_source', entityId: row.id, after });
    return after;
  }

  async update(id: number, dto: UpdateDimseQrSourceDto, actor: Identity): Promise<DimseQrSourceDto> {
    const row = await findOr404(this.sources, KIND, id);
    const before = toDto(row);
    if (dto.name !== undefined) await assertNameFree(this.sources, KIND, dto.name, id);
    await this.check(
      dto.move_destination_ae_title ?? row.moveDestinationAeTitle,
      dto.query_filters === undefined ? row.queryFilters : dto.query_filters,
    );
    Object.assign(row, {
      name: dto.name ?? row.name,
      description: dto.description === undefined ? row.description : dto.description,
      remoteAeTitle: dto.remote_ae_title ?? row.remoteAeTitle,
      remoteHost: dto.remote_host ?? row.remoteHost,
      remotePort: dto.remote_port ?? row.remotePort,
      localAeTitle: dto.local_ae_title ?? row.localAeTitle,
      maxConcurrentRetrievals: dto.max_concurrent_retrievals ?? row.maxConcurrentRetrievals,
      pollingIntervalSeconds: dto.polling_interval_seconds ?? row.pollingIntervalSeconds,
      isEnabled: dto.is_enabled ?? row.isEnabled,
      isActive: dto.is_active ?? row.isActive,
      queryLevel: dto.query_level ?? row.queryLevel,
      queryFilters: dto.query_filters === undefined ? row.queryFilters : dto.query_filters,
      moveDestinationAeTitle: dto.move_destination_ae_title ?? row.moveDestinationAeTitle,
      retrieveMethod: dto.retrieve_method ?? row.retrieveMethod,
    });
    const after = toDto(await this.sources.save(row));
    await this.audit.record({ actor, action: 'update', entityType: 'dimse_qr_source', entityId: id, before, after });
    return after;
  }

  async remove(id: number, actor: Identity): Promise<void> {
    const before = toDto(await findOr404(this.sources, KIND, id));
    await this.sources.delete(id);
    await this.audit.record({ actor, action: 'delete', entityType: 'dimse_qr_source', entityId: id, before });
  }

  private async check(moveAe: string, filters: Record<string, unknown> | null): Promise<void> {
    const errors: { path: string; message: string }[] = [];
    if (!(await this.listeners.hasAeTitle(moveAe))) {
      errors.push({ path: 'move_destination_ae_title', message: `no DIMSE listener has the AE title ${moveAe}` });
    }
    for (const [key, value] of Object.entries(filters ?? {})) {
      if (typeof value !== 'string') errors.push({ path: `query_filters.${key}`, message: 'must be a string' });
      else if (key === 'StudyDate' && !STUDY_DATE.test(value))
        errors.push({
          path: 'query_filters.StudyDate',
          message: 'must be TODAY, YESTERDAY, -<N>d or a DICOM date (range)',
        });
    }
    if (errors.length > 0) throw RequestException.invalid(errors);
  }
}
