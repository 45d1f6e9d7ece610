import { Inject, Injectable, Logger } from '@nestjs/common';
import { Identity, SecretBox } from '@axiom/auth';
import type { CreateStorageBackendDto, StorageBackendDto, UpdateStorageBackendDto } from '@axiom/contracts';
import { DestinationType, Messages } from '@axiom/domain';
import { parseDestinationConfig } from '@axiom/destinations';
import { MessagePublisher } from '@axiom/messaging';
import { DestinationConfigStore, LedgerRepository, RuleConfigStore, type DestinationEntity } from '@axiom/persistence';
import { APP_CONFIG, type AppConfig } from '@axiom/platform-config';
import { RequestException } from '@axiom/platform-http';
import { AuditService } from '../audit/audit.service';
import { openSecrets, sealSecrets } from '../common/sealed-secrets';
import { assertNameFree, findOr404 } from '../common/unique-name';
import { definedOnly } from '../common/wire';
import { filesystemPathErrors } from './filesystem-path';
import { retryPolicyOf, toStorageBackendDto } from './storage-backend.mapper';
import { splitStorageBackend, type SplitBackend } from './storage-backend-fields';

const KIND = 'storage backend';
/** Held deliveries released at once when a destination is enabled again; the sweeper releases the rest. */
const RELEASE_ON_ENABLE = 500;

@Injectable()
export class StorageBackendsService {
  private readonly logger = new Logger('StorageBackends');

  constructor(
    private readonly backends: DestinationConfigStore,
    private readonly rules: RuleConfigStore,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
    private readonly ledger: LedgerRepository,
    private readonly publisher: MessagePublisher,
    @Inject(APP_CONFIG) private readonly appConfig: AppConfig,
  ) {}

  async list(): Promise<StorageBackendDto[]> {
    const rows = await this.backends.list();
    return rows.map((r) => this.toDto(r));
  }

  async get(id: number): Promise<StorageBackendDto> {
    return this.toDto(await findOr404(this.backends, KIND, id));
  }

  async create(dto: CreateStorageBackendDto, actor: Identity): Promise<StorageBackendDto> {
    await assertNameFree(this.backends, KIND, dto.name);
    const split = this.checked(dto.backend_type, { ...dto });
    const row = await this.backends.insert({
      name: dto.name,
      description: dto.description ?? null,
      isEnabled: dto.is_enabled ?? true,
      backendType: dto.backend_type,
      config: split.config,
      secrets: sealSecrets(this.box, split.secrets),
      retryPolicy: retryPolicyOf(dto.retry_policy),
    });
    const after = this.toDto(row);
    await this.audit.record({ actor, action: 'create', entityType: 'storage_backend', entityId: row.id, after });
    return after;
  }

  async update(id: number, dto: UpdateStorageBackendDto, actor: Identity): Promise<StorageBackendDto> {
    const row = await findOr404(this.backends, KIND, id);
    const before = this.toDto(row);
    if (dto.name !== undefined) await assertNameFree(this.backends, KIND, dto.name, id);
    const patch = definedOnly(dto);
    const type = dto.backend_type ?? row.backendType;
    // a new type starts from the request alone; the same type merges onto what is stored
    const base = type === row.backendType ? { ...row.config, ...openSecrets(this.box, row.secrets) } : {};
    const split = this.checked(type, { ...base, ...patch });
    Object.assign(row, {
      name: dto.name ?? row.name,
      description: dto.description === undefined ? row.description : dto.description,
      isEnabled: dto.is_enabled ?? row.isEnabled,
      retryPolicy: dto.retry_policy === undefined ? row.retryPolicy : retryPolicyOf(dto.retry_policy),
      backendType: type,
      config: split.config,
      secrets: sealSecrets(this.box, split.secrets),
    });
    const after = this.toDto(await this.backends.save(row));
    await this.audit.record({ actor, action: 'update', entityType: 'storage_backend', entityId: id, before, after });
    if (!before.is_enabled && after.is_enabled) await this.releaseHeld(id);
    return after;
  }

  /**
   * Enabled again: its held backlog goes now, not at the next sweep. A failure here leaves the
   * change made; the sweeper releases the held deliveries of enabled destinations on its round.
   */
  private async releaseHeld(id: number): Promise<void> {
    try {
      const released = await this.ledger.releaseHeldOf(id, RELEASE_ON_ENABLE);
      for (const deliveryId of released) await this.publisher.publish(Messages.DeliveryRequested, { deliveryId });
      if (released.length > 0)
        this.logger.log(`storage backend ${id} enabled: released ${released.length} held deliveries`);
    } catch (err) {
      this.logger.warn(
        `storage backend ${id} enabled; its held deliveries go at the next sweep: ${(err as Error).message}`,
      );
    }
  }

  async remove(id: number, actor: Identity): Promise<void> {
    const row = await findOr404(this.backends, KIND, id);
    const users = await this.rules.sendingTo(id);
    if (users.length > 0) {
      throw RequestException.inUse(
        `storage backend ${id} is a destination of rule(s) ${users.map((r) => `${r.id} "${r.name}"`).join(', ')}: remove it from them first`,
      );
    }
    const deliveries = await this.backends.deliveryCount(id);
    if (deliveries > 0) {
      throw RequestException.inUse(
        `storage backend ${id} has ${deliveries} deliveries in the ledger: disable it (is_enabled=false) instead`,
      );
    }
    const before = this.toDto(row);
    await this.backends.delete(id);
    await this.audit.record({ actor, action: 'delete', entityType: 'storage_backend', entityId: id, before });
  }

  /** The type's fields split into config and secrets; 422 naming every bad field. */
  private checked(type: DestinationType, flat: Record<string, unknown>): SplitBackend {
    const split = splitStorageBackend(type, flat);
    if (type === DestinationType.Filesystem && split.config['path'] !== undefined && split.config['path'] !== null) {
      split.errors.push(...filesystemPathErrors(split.config['path'], this.appConfig));
    }
    // the adapters' typed configuration is the last word on the type's fields
    if (split.errors.length === 0)
      split.errors.push(...parseDestinationConfig(type, { ...split.config, ...split.secrets }).problems);
    if (split.errors.length > 0) throw RequestException.invalid(split.errors);
    return split;
  }

  /** The wire form of a row (also used for the `destinations` of rules). */
  toDto(row: DestinationEntity): StorageBackendDto {
    return toStorageBackendDto(row, Object.keys(openSecrets(this.box, row.secrets)));
  }
}
