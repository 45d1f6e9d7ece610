import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeliveryEntity, InstanceEntity } from '../entities/instance.entity';
import { ListenerStatusEntity } from '../entities/listener-status.entity';

/** How many rows have one value (a state or a status). */
export interface GroupCount {
  key: string;
  n: number;
}

/** How many deliveries of one storage backend have one status. */
export interface BackendCount extends GroupCount {
  storageBackendId: number;
}

/**
 * What the dashboard and the status routes read besides the configuration rows: the database's
 * answer, the listener reports, and the ledger counted in the database (never fetched row by row).
 */
@Injectable()
export class StatusStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Throws when the database does not answer. */
  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  /** The last state each dimse-listener process reported for each listener, stale ones included. */
  listenerReports(): Promise<ListenerStatusEntity[]> {
    return this.db.getRepository(ListenerStatusEntity).find();
  }

  async instanceCountsByState(): Promise<GroupCount[]> {
    const rows = await this.db
      .getRepository(InstanceEntity)
      .createQueryBuilder('i')
      .select('i.state', 'key')
      .addSelect('COUNT(*)', 'n')
      .groupBy('i.state')
      .getRawMany<{ key: string; n: string | number }>();
    return rows.map((r) => ({ key: r.key, n: Number(r.n) }));
  }

  async deliveryCountsByStatus(): Promise<GroupCount[]> {
    const rows = await this.db
      .getRepository(DeliveryEntity)
      .createQueryBuilder('d')
      .select('d.status', 'key')
      .addSelect('COUNT(*)', 'n')
      .groupBy('d.status')
      .getRawMany<{ key: string; n: string | number }>();
    return rows.map((r) => ({ key: r.key, n: Number(r.n) }));
  }

  /** Deliveries by storage backend and status, in one grouped query. */
  async deliveryCountsByBackend(): Promise<BackendCount[]> {
    const rows = await this.db
      .getRepository(DeliveryEntity)
      .createQueryBuilder('d')
      .select('d.storageBackendId', 'backend')
      .addSelect('d.status', 'key')
      .addSelect('COUNT(*)', 'n')
      .groupBy('d.storageBackendId')
      .addGroupBy('d.status')
      .getRawMany<{ backend: string | number; key: string; n: string | number }>();
    return rows.map((r) => ({ storageBackendId: Number(r.backend), key: r.key, n: Number(r.n) }));
  }
}
