import { Injectable } from '@nestjs/common';
import type { Identity } from '@axiom/auth';
import type {
  BulkRetryDto,
  DeliveryDto,
  DeliveryQueryDto,
  DiscardHeldDto,
  DiscardResultDto,
  InstanceDto,
  InstanceHistoryDto,
  InstanceQueryDto,
  RetryResultDto,
} from '@axiom/contracts';
import { DeliveryStatus, Messages } from '@axiom/domain';
import { MessagePublisher } from '@axiom/messaging';
import {
  DeliveryEntity,
  DestinationConfigStore,
  InstanceEntity,
  LedgerRepository,
  LedgerSearchStore,
} from '@axiom/persistence';
import { InstanceFilesService } from '@axiom/spool';
import { AuditService } from '../audit/audit.service';
import { RequestException } from '@axiom/platform-http';
import { findOr404 } from '../common/unique-name';
import { instanceSearchOf } from './instance-search';
import { toDeliveryDto, toInstanceDto, toInstanceHistoryDto } from './ledger.mapper';

/**
 * The ledger as people see it: instances with their history, deliveries, the dead-letter
 * retry (failed deliveries back to pending, published at once) and the discard of a held
 * backlog (deliveries of a disabled storage backend).
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly search: LedgerSearchStore,
    private readonly files: InstanceFilesService,
    private readonly backends: DestinationConfigStore,
    private readonly audit: AuditService,
    private readonly publisher: MessagePublisher,
  ) {}

  private async instanceOr404(id: number): Promise<InstanceEntity> {
    const row = await this.ledger.findInstance(id);
    if (!row) throw RequestException.notFound('instance', id);
    return row;
  }

  private async deliveryOr404(id: number): Promise<DeliveryEntity> {
    const row = await this.ledger.findDelivery(id);
    if (!row) throw RequestException.notFound('delivery', id);
    return row;
  }

  async listInstances(q: InstanceQueryDto): Promise<InstanceDto[]> {
    const rows = await this.search.searchInstances(instanceSearchOf(q), {
      limit: q.limit ?? 100,
      offset: q.offset ?? 0,
    });
    return rows.map(toInstanceDto);
  }

  async instanceHistory(id: number): Promise<InstanceHistoryDto> {
    const row = await this.instanceOr404(id);
    const deliveries = await this.search.deliveriesOf(id);
    return toInstanceHistoryDto(row, deliveries);
  }

  async listDeliveries(q: DeliveryQueryDto): Promise<DeliveryDto[]> {
    const filter = { status: q.status, storageBackendId: q.storage_backend_id, errorClass: q.error_class };
    const rows = await this.search.searchDeliveries(filter, { limit: q.limit ?? 100, offset: q.offset ?? 0 });
    return rows.map(toDeliveryDto);
  }

  async retryDelivery(id: number, actor: Identity): Promise<RetryResultDto> {
    const row = await this.deliveryOr404(id);
    if (row.status !== DeliveryStatus.Failed) {
      throw RequestException.inUse(
        `delivery ${id} is ${row.status}, not failed: only dead-lettered deliveries are retried`,
      );
    }
    return this.retry([row], actor, { entityType: 'delivery', entityId: id });
  }

  /** The failed ones among delivery_ids, or of storage_backend_id, or both narrowed together. */
  async retryMany(dto: BulkRetryDto, actor: Identity): Promise<RetryResultDto> {
    if (dto.delivery_ids === undefined && dto.storage_backend_id === undefined) {
      throw RequestException.invalid([
        { path: 'delivery_ids', message: 'give delivery_ids, storage_backend_id or both' },
      ]);
    }
    if (dto.storage_backend_id !== undefined) await findOr404(this.backends, 'storage backend', dto.storage_backend_id);
    const failed = await this.search.failedDeliveries({
      deliveryIds: dto.delivery_ids,
      storageBackendId: dto.storage_backend_id,
    });
    return this.retry(
      failed,
      actor,
      dto.storage_backend_id !== undefined
        ? { entityType: 'storage_backend', entityId: dto.storage_backend_id }
        : { entityType: 'delivery', entityId: null },
    ); // a selection: the ids are in the audit entry's before
  }

  async retryInstance(id: number, actor: Identity): Promise<RetryResultDto> {
    await this.instanceOr404(id);
    const failed = await this.search.failedDeliveries({ instanceId: id });
    return this.retry(failed, actor, { entityType: 'instance', entityId: id });
  }

  private async retry(
    rows: DeliveryEntity[],
    actor: Identity,
    target: { entityType: string; entityId: number | null },
  ): Promise<RetryResultDto> {
    if (rows.length === 0) return { retried: 0 };
    // only rows still failed are reset (a concurrent retry takes the others); instances go back to routed
    const ids = (await this.ledger.resetFailed({ deliveryIds: rows.map((r) => r.id) })).map((r) => r.id);
    if (ids.length === 0) return { retried: 0 };
    await this.audit.record({
      actor,
      action: 'update',
      entityType: target.entityType,
      entityId: target.entityId,
      before: { failed_delivery_ids: ids },
      after: { retried: ids.length },
    });
    // published now, not after the sweeper's staleness window; a duplicate message is harmless
    for (const id of ids) await this.publisher.publish(Messages.DeliveryRequested, { deliveryId: id });
    return { retried: ids.length };
  }

  /** Held deliveries of a (disabled) storage backend become failed: out of the backlog, still retryable. */
  async discardHeld(dto: DiscardHeldDto, actor: Identity): Promise<DiscardResultDto> {
    await findOr404(this.backends, 'storage backend', dto.storage_backend_id);
    const lastError = `discarded by ${actor.email} while held (storage backend disabled)`;
    const discarded = await this.ledger.discardHeld(
      { storageBackendId: dto.storage_backend_id, instanceId: dto.instance_id },
      lastError,
    );
    if (discarded.length === 0) return { discarded: 0 };
    const ids = discarded.map((r) => r.id);
    // an instance left with nothing open is done: failed, its files moved to the error path
    for (const instanceId of new Set(discarded.map((r) => r.instanceId))) await this.files.finishIfDone(instanceId);
    await this.audit.record({
      actor,
      action: 'update',
      entityType: 'storage_backend',
      entityId: dto.storage_backend_id,
      before: { held_delivery_ids: ids },
      after: { discarded: ids.length, instance_id: dto.instance_id ?? null },
    });
    return { discarded: ids.length };
  }
}
