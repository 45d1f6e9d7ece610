import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere, In, Repository } from 'typeorm';
import { DeliveryStatus } from '@axiom/domain';
import { DeliveryEntity, InstanceEntity } from '../entities/instance.entity';
import { InstanceSearch, instanceSearchWhere } from './instance-search';

/** One page of a list: at most `limit` rows after skipping `offset`. */
export interface Page {
  limit: number;
  offset: number;
}

/** Which dead-lettered deliveries a retry takes; the given fields combine with AND. */
export interface FailedDeliveriesOf {
  deliveryIds?: number[];
  storageBackendId?: number;
  instanceId?: number;
}

/**
 * The ledger as the API reads it: searches and lists of instances and deliveries. Reads only;
 * every state change stays with LedgerRepository.
 */
@Injectable()
export class LedgerSearchStore {
  private readonly instances: Repository<InstanceEntity>;
  private readonly deliveries: Repository<DeliveryEntity>;

  constructor(@InjectDataSource() db: DataSource) {
    this.instances = db.getRepository(InstanceEntity);
    this.deliveries = db.getRepository(DeliveryEntity);
  }

  /** Matching instances, newest first. */
  searchInstances(q: InstanceSearch, page: Page): Promise<InstanceEntity[]> {
    return this.instances.find({
      where: instanceSearchWhere(q),
      order: { id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
  }

  /** The deliveries of one instance with their storage backend, oldest first. */
  deliveriesOf(instanceId: number): Promise<DeliveryEntity[]> {
    return this.deliveries.find({ where: { instanceId }, relations: { storageBackend: true }, order: { id: 'ASC' } });
  }

  /** Deliveries with their storage backend, newest first, optionally of one status, backend and error class. */
  searchDeliveries(
    q: { status?: DeliveryStatus; storageBackendId?: number; errorClass?: string },
    page: Page,
  ): Promise<DeliveryEntity[]> {
    const where: FindOptionsWhere<DeliveryEntity> = {};
    if (q.status !== undefined) where.status = q.status;
    if (q.storageBackendId !== undefined) where.storageBackendId = q.storageBackendId;
    if (q.errorClass !== undefined) where.errorClass = q.errorClass;
    return this.deliveries.find({
      where,
      relations: { storageBackend: true },
      order: { id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
  }

  /** The failed deliveries among the given ones, oldest first. */
  failedDeliveries(of: FailedDeliveriesOf): Promise<DeliveryEntity[]> {
    const where: FindOptionsWhere<DeliveryEntity> = { status: DeliveryStatus.Failed };
    if (of.deliveryIds !== undefined) where.id = In(of.deliveryIds);
    if (of.storageBackendId !== undefined) where.storageBackendId = of.storageBackendId;
    if (of.instanceId !== undefined) where.instanceId = of.instanceId;
    return this.deliveries.find({ where, order: { id: 'ASC' } });
  }
}
