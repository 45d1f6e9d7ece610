import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, In, Repository } from 'typeorm';
import type { Identity } from '@axiom/auth';
import type {
  DeliveryDto, DeliveryQueryDto, DiscardHeldDto, DiscardResultDto, InstanceDto, InstanceHistoryDto, InstanceQueryDto, RetryResultDto,
} from '@axiom/contracts';
import { DeliveryStatus, InstanceState, Messages } from '@axiom/domain';
import { MessagePublisher } from '@axiom/messaging';
import { DeliveryEntity, InstanceEntity, StorageBackendEntity } from '@axiom/persistence';
import { AuditService } from '../audit/audit.service';
import { ConfigAdminException } from '../common/config-admin.exception';
import { findOr404 } from '../common/unique-name';
import { toDeliveryDto, toInstanceDto, toInstanceHistoryDto } from './ledger.mapper';

/**
 * The ledger as people see it: instances with their history, deliveries, the dead-letter
 * retry (failed deliveries back to pending, published at once) and the discard of a held
 * backlog (deliveries of a disabled storage backend).
 */
@Injectable()
export class LedgerService {
  constructor(
    @InjectRepository(InstanceEntity) private readonly instances: Repository<InstanceEntity>,
    @InjectRepository(DeliveryEntity) private readonly deliveries: Repository<DeliveryEntity>,
    @InjectRepository(StorageBackendEntity) private readonly backends: Repository<StorageBackendEntity>,
    private readonly audit: AuditService,
    private readonly publisher: MessagePublisher,
  ) {}

  async listInstances(q: InstanceQueryDto): Promise<InstanceDto[]> {
    const where: FindOptionsWhere<InstanceEntity> = {};
    if (q.state !== undefined) where.state = q.state;
    if (q.study_instance_uid !== undefined) where.studyInstanceUid = q.study_instance_uid;
    if (q.sop_instance_uid !== undefined) where.sopInstanceUid = q.sop_instance_uid;
    const rows = await this.instances.find({ where, order: { id: 'DESC' }, take: q.limit ?? 100, skip: q.offset ?? 0 });
    return rows.map(toInstanceDto);
  }

  async instanceHistory(id: number): Promise<InstanceHistoryDto> {
    const row = await findOr404(this.instances, 'instance', id);
    const deliveries = await this.deliveries.find({ where: { instanceId: id }, relations: { storageBackend: true }, order: { id: 'ASC' } });
    return toInstanceHistoryDto(row, deliveries);
  }

  async listDeliveries(q: DeliveryQueryDto): Promise<DeliveryDto[]> {
    const where: FindOptionsWhere<DeliveryEntity> = {};
    if (q.status !== undefined) where.status = q.status;
    if (q.storage_backend_id !== undefined) where.storageBackendId = q.storage_backend_id;
    const rows = await this.deliveries.find({ where, relations: { storageBackend: true }, order: { id: 'DESC' }, take: q.limit ?? 100, skip: q.offset ?? 0 });
    return rows.map(toDeliveryDto);
  }

  async retryDelivery(id: number, actor: Identity): Promise<RetryResultDto> {
    const row = await findOr404(this.deliveries, 'delivery', id);
    if (row.status !== DeliveryStatus.Failed) {
      throw ConfigAdminException.inUse(`delivery ${id} is ${row.status}, not failed: only dead-lettered deliveries are retried`);
    }
    return this.retry([row], actor, { entityType: 'delivery', entityId: id });
  }

  async retryInstance(id: number, actor: Identity): Promise<RetryResultDto> {
    await findOr404(this.instances, 'instance', id);
    const failed = await this.deliveries.find({ where: { instanceId: id, status: DeliveryStatus.Failed } });
    return this.retry(failed, actor, { entityType: 'instance', entityId: id });
  }

  private async retry(rows: DeliveryEntity[], actor: Identity, target: { entityType: string; entityId: number }): Promise<RetryResultDto> {
    if (rows.length === 0) return { retried: 0 };
    const ids = rows.map((r) => r.id);
    await this.deliveries.update({ id: In(ids), status: DeliveryStatus.Failed }, { status: DeliveryStatus.Pending, attempts: 0, nextAttemptAt: null });
    const instanceIds = [...new Set(rows.map((r) => r.instanceId))];
    await this.instances.update({ id: In(instanceIds), state: InstanceState.Failed }, { state: InstanceState.Routed, completedAt: null });
    await this.audit.record({ actor, action: 'update', entityType: target.entityType, entityId: target.entityId, before: { failed_delivery_ids: ids }, after: { retried: ids.length } });
    // published now, not after the sweeper's staleness window; a duplicate message is harmless
    for (const id of ids) await this.publisher.publish(Messages.DeliveryRequested, { deliveryId: id });
    return { retried: ids.length };
  }

  /** Held deliveries of a (disabled) storage backend become failed: out of the backlog, still retryable. */
  async discardHeld(dto: DiscardHeldDto, actor: Identity): Promise<DiscardResultDto> {
    await findOr404(this.backends, 'storage backend', dto.storage_backend_id);
    const where: FindOptionsWhere<DeliveryEntity> = { status: DeliveryStatus.Held, storageBackendId: dto.storage_backend_id };
    if (dto.instance_id !== undefined) where.instanceId = dto.instance_id;
    const rows = await this.deliveries.find({ where, select: { id: true, instanceId: true } });
    if (rows.length === 0) return { discarded: 0 };
    const ids = rows.map((r) => r.id);
    const lastError = `discarded by ${actor.email} while held (storage backend disabled)`;
    await this.deliveries.update({ id: In(ids), status: DeliveryStatus.Held }, { status: DeliveryStatus.Failed, lastError });
    for (const instanceId of new Set(rows.map((r) => r.instanceId))) {
      const open = await this.deliveries.count({ where: { instanceId, status: In([DeliveryStatus.Pending, DeliveryStatus.RetryWait, DeliveryStatus.Held]) } });
      if (open === 0) await this.instances.update({ id: instanceId, state: InstanceState.Routed }, { state: InstanceState.Failed });
    }
    await this.audit.record({
      actor, action: 'update', entityType: 'storage_backend', entityId: dto.storage_backend_id,
      before: { held_delivery_ids: ids }, after: { discarded: ids.length, instance_id: dto.instance_id ?? null },
    });
    return { discarded: ids.length };
  }
}
