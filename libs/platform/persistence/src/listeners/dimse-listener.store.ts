import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { ListenerRuntimeStatus } from '@axiom/domain';
import { DimseListenerEntity } from '../entities/input-sources.entity';
import { ListenerStatusEntity } from '../entities/listener-status.entity';

/** The row the embedded default creates on an empty listener table. */
export interface DefaultListenerSeed {
  instanceId: string;
  port: number;
}

/**
 * The listener rows a dimse-listener process follows, and the states it reports back for the API
 * of the distributed mode (the listener_status table).
 */
@Injectable()
export class DimseListenerStore {
  private readonly listeners: Repository<DimseListenerEntity>;
  private readonly reports: Repository<ListenerStatusEntity>;

  constructor(@InjectDataSource() db: DataSource) {
    this.listeners = db.getRepository(DimseListenerEntity);
    this.reports = db.getRepository(ListenerStatusEntity);
  }

  /** The enabled listener rows of one process (its AXIOM_INSTANCE_ID). */
  enabledFor(instanceId: string): Promise<DimseListenerEntity[]> {
    return this.listeners.find({ where: { isEnabled: true, instanceId } });
  }

  /** Writes (insert or replace, by listener id) the states a process reports at one instant. */
  async reportStatuses(statuses: readonly ListenerRuntimeStatus[], reportedAt: Date): Promise<void> {
    const rows = statuses.map((s) => ({
      listenerId: s.id,
      instanceId: s.instanceId,
      state: s.state,
      associations: s.associations,
      stored: s.stored,
      failed: s.failed,
      lastError: s.lastError,
      lastErrorAt: s.lastErrorAt,
      reportedAt,
    }));
    if (rows.length > 0) await this.reports.upsert(rows, ['listenerId']);
  }

  /** On an empty table (of every instance), a listener named `default`, AE `AXIOM`; false when rows exist. */
  async seedDefault(seed: DefaultListenerSeed): Promise<boolean> {
    if ((await this.listeners.count()) > 0) return false;
    await this.listeners.save(
      this.listeners.create({
        name: 'default',
        description: 'Created on first start',
        aeTitle: 'AXIOM',
        port: seed.port,
        isEnabled: true,
        instanceId: seed.instanceId,
        tlsEnabled: false,
      }),
    );
    return true;
  }
}
