import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { DeliveryEntity } from '../entities/instance.entity';
import { DestinationEntity } from '../entities/storage-backend.entity';
import { NamedConfigStore } from './named-config.store';

/** The storage_backends table (the destinations) as the configuration API changes it. */
@Injectable()
export class DestinationConfigStore extends NamedConfigStore<DestinationEntity> {
  private readonly deliveries: Repository<DeliveryEntity>;

  constructor(@InjectDataSource() db: DataSource) {
    super(db.getRepository(DestinationEntity));
    this.deliveries = db.getRepository(DeliveryEntity);
  }

  /** The destinations among these ids (unknown ids are left out). */
  findByIds(ids: readonly number[]): Promise<DestinationEntity[]> {
    return this.rows.find({ where: { id: In([...ids]) } });
  }

  /** How many deliveries the ledger holds for this destination, whatever their state. */
  deliveryCount(id: number): Promise<number> {
    return this.deliveries.count({ where: { storageBackendId: id } });
  }
}
