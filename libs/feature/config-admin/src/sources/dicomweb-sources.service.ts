import { Injectable } from '@nestjs/common';
import { Identity, SecretBox } from '@axiom/auth';
import {
  redactUrlCredentials,
  type CreateDicomwebSourceDto,
  type DicomwebSourceDto,
  type PollRequestDto,
  type UpdateDicomwebSourceDto,
} from '@axiom/contracts';
import { AuthType } from '@axiom/domain';
import {
  DicomwebSourceConfigStore,
  PollingStateRepository,
  type DicomwebSourceEntity,
  type PollingState,
} from '@axiom/persistence';
import { RequestException } from '@axiom/platform-http';
import { AuditService } from '../audit/audit.service';
import { authConfigErrors } from '../common/auth-config';
import { openSecrets, sealSecrets } from '../common/sealed-secrets';
import { assertNameFree, findOr404 } from '../common/unique-name';
import { iso, isoRequired } from '../common/wire';
import { flatFilters } from './flat-filters';
import { nextRunOf, pollingStates, requestPoll } from './source-polling';

const KIND = 'DICOMweb source';

function toDto(row: DicomwebSourceEntity, state?: PollingState): DicomwebSourceDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    base_url: redactUrlCredentials(row.baseUrl),
    qido_prefix: row.qidoPrefix,
    wado_prefix: row.wadoPrefix,
    polling_interval_seconds: row.pollingIntervalSeconds,
    is_enabled: row.isEnabled,
    is_active: row.isActive,
    auth_type: row.authType,
    auth_config_set: row.secrets !== null,
    search_filters: row.searchFilters,
    last_processed_timestamp: iso(row.lastProcessedTimestamp),
    last_successful_run: iso(row.lastSuccessfulRun),
    last_error_run: iso(row.lastErrorRun),
    last_error_message: row.lastErrorMessage,
    found_instance_count: row.foundInstanceCount,
    queued_instance_count: row.queuedInstanceCount,
    processed_instance_count: row.processedInstanceCount,
    max_concurrent_retrievals: row.maxConcurrentRetrievals,
    next_run_at: nextRunOf(state),
    created_at: isoRequired(row.createdAt),
    updated_at: isoRequired(row.updatedAt),
  };
}

/** DICOMweb (QIDO/WADO) sources; auth_config is write-only and sealed at rest. */
@Injectable()
export class DicomwebSourcesService {
  constructor(
    private readonly sources: DicomwebSourceConfigStore,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
    private readonly polling: PollingStateRepository,
  ) {}

  async list(): Promise<DicomwebSourceDto[]> {
    const states = await pollingStates(this.polling, 'dicomweb');
    return (await this.sources.list()).map((row) => toDto(row, states.get(row.id)));
  }

  async get(id: number): Promise<DicomwebSourceDto> {
    return toDto(
      await findOr404(this.sources, KIND, id),
      (await this.polling.state({ kind: 'dicomweb', id })) ?? undefined,
    );
  }

  /** Poll-now: a poller starts a round of this source within seconds. */
  async poll(id: number): Promise<PollRequestDto> {
    return requestPoll(this.polling, { kind: 'dicomweb', label: KIND, row: await findOr404(this.sources, KIND, id) });
  }

  async create(dto: CreateDicomwebSourceDto, actor: Identity): Promise<DicomwebSourceDto> {
    await assertNameFree(this.sources, KIND, dto.name);
    const authType = dto.auth_type ?? AuthType.None;
    const authConfig = dto.auth_config ?? null;
    const searchFilters = this.check(authType, authConfig, dto.search_filters);
    const row = await this.sources.insert({
      name: dto.name,
      description: dto.description ?? null,
      baseUrl: dto.base_url,
      qidoPrefix: dto.qido_prefix ?? 'qido-rs',
      wadoPrefix: dto.wado_prefix ?? 'wado-rs',
      pollingIntervalSeconds: dto.polling_interval_seconds ?? 300,
      isEnabled: dto.is_enabled ?? true,
      isActive: dto.is_active ?? true,
      authType,
      secrets: this.seal(authConfig),
      searchFilters,
      maxConcurrentRetrievals: dto.max_concurrent_retrievals ?? 2,
    });
    const after = toDto(row);
    await this.audit.record({ actor, action: 'create', entityType: 'dicomweb_source', entityId: row.id, after });
    return after;
  }

  async update(id: number, dto: UpdateDicomwebSourceDto, actor: Identity): Promise<DicomwebSourceDto> {
    const row = await findOr404(this.sources, KIND, id);
    const before = toDto(row);
    if (dto.name !== undefined) await assertNameFree(this.sources, KIND, dto.name, id);
    const authType = dto.auth_type ?? row.authType;
    const stored = openSecrets(this.box, row.secrets)['auth_config'] as Record<string, string> | undefined;
    // a new auth_type without new credentials starts with none
    const authConfig =
      dto.auth_config !== undefined ? dto.auth_config : authType === row.authType ? (stored ?? null) : null;
    const searchFilters = this.check(
      authType,
      authConfig,
      dto.search_filters === undefined ? row.searchFilters : dto.search_filters,
    );
    Object.assign(row, {
      name: dto.name ?? row.name,
      description: dto.description === undefined ? row.description : dto.description,
      baseUrl: dto.base_url ?? row.baseUrl,
      qidoPrefix: dto.qido_prefix ?? row.qidoPrefix,
      wadoPrefix: dto.wado_prefix ?? row.wadoPrefix,
      pollingIntervalSeconds: dto.polling_interval_seconds ?? row.pollingIntervalSeconds,
      isEnabled: dto.is_enabled ?? row.isEnabled,
      isActive: dto.is_active ?? row.isActive,
      maxConcurrentRetrievals: dto.max_concurrent_retrievals ?? row.maxConcurrentRetrievals,
      authType,
      secrets: this.seal(authConfig),
      searchFilters,
    });
    const after = toDto(await this.sources.save(row));
    await this.audit.record({ actor, action: 'update', entityType: 'dicomweb_source', entityId: id, before, after });
    return after;
  }

  async remove(id: number, actor: Identity): Promise<void> {
    const before = toDto(await findOr404(this.sources, KIND, id));
    await this.sources.delete(id);
    await this.audit.record({ actor, action: 'delete', entityType: 'dicomweb_source', entityId: id, before });
  }

  /** Checks credentials against auth_type and the filters' shape; returns the filters to store. */
  private check(
    authType: AuthType,
    authConfig: Record<string, string> | null,
    searchFilters: Record<string, unknown> | null | undefined,
  ): Record<string, string> | null {
    const filters = flatFilters(searchFilters, 'search_filters');
    const errors = [...authConfigErrors(authType, authConfig), ...filters.errors];
    if (errors.length > 0) throw RequestException.invalid(errors);
    return filters.value;
  }

  private seal(authConfig: Record<string, string> | null): string | null {
    return authConfig && Object.keys(authConfig).length > 0 ? sealSecrets(this.box, { auth_config: authConfig }) : null;
  }
}
