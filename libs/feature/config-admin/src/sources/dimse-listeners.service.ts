import { Inject, Injectable } from '@nestjs/common';
import type { Identity } from '@axiom/auth';
import {
  ErrorCode,
  type CreateDimseListenerDto,
  type DimseListenerDto,
  type UpdateDimseListenerDto,
} from '@axiom/contracts';
import { DimseListenerConfigStore, DimseQrSourceConfigStore, type DimseListenerEntity } from '@axiom/persistence';
import { APP_CONFIG, type AppConfig } from '@axiom/platform-config';
import { RequestException } from '@axiom/platform-http';
import { AuditService } from '../audit/audit.service';
import { assertNameFree, findOr404 } from '../common/unique-name';
import { isoRequired } from '../common/wire';

const KIND = 'DIMSE listener';

export function toListenerDto(row: DimseListenerEntity): DimseListenerDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    ae_title: row.aeTitle,
    port: row.port,
    is_enabled: row.isEnabled,
    instance_id: row.instanceId,
    tls_enabled: row.tlsEnabled,
    created_at: isoRequired(row.createdAt),
    updated_at: isoRequired(row.updatedAt),
  };
}

@Injectable()
export class DimseListenersService {
  constructor(
    private readonly listeners: DimseListenerConfigStore,
    private readonly qrSources: DimseQrSourceConfigStore,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(): Promise<DimseListenerDto[]> {
    return (await this.listeners.list()).map(toListenerDto);
  }

  async get(id: number): Promise<DimseListenerDto> {
    return toListenerDto(await findOr404(this.listeners, KIND, id));
  }

  async create(dto: CreateDimseListenerDto, actor: Identity): Promise<DimseListenerDto> {
    await assertNameFree(this.listeners, KIND, dto.name);
    const row = this.listeners.build({
      name: dto.name,
      description: dto.description ?? null,
      aeTitle: dto.ae_title,
      port: dto.port,
      isEnabled: dto.is_enabled ?? true,
      instanceId: dto.instance_id ?? 'default',
      tlsEnabled: dto.tls_enabled ?? false,
    });
    await this.assertUsable(row);
    const after = toListenerDto(await this.listeners.save(row));
    await this.audit.record({ actor, action: 'create', entityType: 'dimse_listener', entityId: after.id, after });
    return after;
  }

  async update(id: number, dto: UpdateDimseListenerDto, actor: Identity): Promise<DimseListenerDto> {
    const row = await findOr404(this.listeners, KIND, id);
    const before = toListenerDto(row);
    if (dto.name !== undefined) await assertNameFree(this.listeners, KIND, dto.name, id);
    if (dto.ae_title !== undefined && dto.ae_title !== row.aeTitle)
      await this.assertNotMoveTarget(row, 'change the AE title of');
    Object.assign(row, {
      name: dto.name ?? row.name,
      description: dto.description === undefined ? row.description : dto.description,
      aeTitle: dto.ae_title ?? row.aeTitle,
      port: dto.port ?? row.port,
      isEnabled: dto.is_enabled ?? row.isEnabled,
      instanceId: dto.instance_id ?? row.instanceId,
      tlsEnabled: dto.tls_enabled ?? row.tlsEnabled,
    });
    await this.assertUsable(row);
    const after = toListenerDto(await this.listeners.save(row));
    await this.audit.record({ actor, action: 'update', entityType: 'dimse_listener', entityId: id, before, after });
    return after;
  }

  async remove(id: number, actor: Identity): Promise<void> {
    const row = await findOr404(this.listeners, KIND, id);
    await this.assertNotMoveTarget(row, 'delete');
    await this.listeners.delete(id);
    await this.audit.record({
      actor,
      action: 'delete',
      entityType: 'dimse_listener',
      entityId: id,
      before: toListenerDto(row),
    });
  }

  /**
   * What a listener process could not honour is refused here, not at its next start: the HTTP
   * or health port of this process (DICOM TLS is checked by the listener process, which holds the
   * certificate, and shown in its status) (the listener would take it first and the
   * API would die with EADDRINUSE), and a port another listener row of the same instance has
   * (enabled or not: enabling it later would clash).
   */
  private async assertUsable(row: DimseListenerEntity): Promise<void> {
    const own = [
      [this.config.port, 'HTTP port (PORT)'],
      [this.config.healthPort, 'health port (HEALTH_PORT)'],
    ] as const;
    const taken = own.find(([port]) => port > 0 && port === row.port);
    if (taken) {
      throw RequestException.invalid([
        { path: 'port', message: `${row.port} is this server's ${taken[1]}: choose another port` },
      ]);
    }
    const clash = await this.listeners.holderOfPort({ port: row.port, instanceId: row.instanceId, exceptId: row.id });
    if (clash) {
      throw new RequestException(
        ErrorCode.NameConflict,
        `port ${row.port} is already used by listener "${clash.name}" on instance ${row.instanceId}`,
        [{ path: 'port', message: 'already in use on this instance' }],
      );
    }
  }

  /** A Q/R source that C-MOVEs to this AE title needs a listener with it. */
  private async assertNotMoveTarget(row: DimseListenerEntity, verb: string): Promise<void> {
    if (await this.listeners.hasAeTitle(row.aeTitle, row.id)) return;
    const sources = await this.qrSources.movingTo(row.aeTitle);
    if (sources.length > 0) {
      throw RequestException.inUse(
        `cannot ${verb} listener ${row.id}: DIMSE Q/R source(s) ${sources.map((s) => `${s.id} "${s.name}"`).join(', ')} move studies to its AE title ${row.aeTitle}`,
      );
    }
  }
}
