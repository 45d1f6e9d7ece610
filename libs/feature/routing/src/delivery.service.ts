import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not } from 'typeorm';
import { DicomFile } from '@axiom/dicom-io';
import { DeliveryStatus, InstanceState, Messages, StorageBackendType } from '@axiom/domain';
import { DeliveryError, DestinationRegistry, OutgoingInstance } from '@axiom/destinations';
import { MessagePublisher } from '@axiom/messaging';
import { DeliveryEntity, InstanceEntity, StorageBackendEntity } from '@axiom/persistence';
import { PoisonMessageError } from '@axiom/messaging';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { SpoolService } from '@axiom/spool';

const BACKEND_CACHE_MS = 1000;

/** Deliveries that are not final yet: the instance waits for them. */
const OPEN_STATUSES = [DeliveryStatus.Pending, DeliveryStatus.RetryWait, DeliveryStatus.Held];

/** Exponential backoff with full jitter, capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * delivery.requested -> send -> record the outcome. Success is recorded only on the adapter's
 * success (for C-STORE: the peer's success status). Failures wait with backoff; after the last
 * attempt the delivery is dead-lettered (status failed) and a person may retry it. A delivery
 * to a disabled (paused) storage backend is held, without using an attempt, until it is enabled.
 */
@Injectable()
export class DeliveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Delivery');
  private readonly backends = new Map<number, { at: number; value: StorageBackendEntity | null }>();
  readonly registry: DestinationRegistry;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly spool: SpoolService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly publisher: MessagePublisher,
  ) {
    this.registry = new DestinationRegistry(config.cstore, config.files);
  }

  /** Temp files a killed process of this host left in filesystem destinations. */
  async onApplicationBootstrap(): Promise<void> {
    const adapter = this.registry.get(StorageBackendType.Filesystem);
    const backends = await this.db.getRepository(StorageBackendEntity).find({ where: { backendType: StorageBackendType.Filesystem } });
    for (const b of backends) {
      const removed = await adapter.cleanUp?.({ id: b.id, name: b.name, backendType: b.backendType, config: b.config })
        .catch((err: unknown) => { this.logger.warn(`storage backend "${b.name}": temp clean-up failed: ${(err as Error).message}`); return 0; });
      if (removed) this.logger.log(`storage backend "${b.name}": removed ${removed} temp files of interrupted deliveries`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.registry.close();
  }

  async deliver(deliveryId: number): Promise<void> {
    const deliveries = this.db.getRepository(DeliveryEntity);
    const delivery = await deliveries.findOne({ where: { id: deliveryId }, relations: { instance: true } });
    if (!delivery) throw new PoisonMessageError(`delivery ${deliveryId} does not exist`);
    if (delivery.status !== DeliveryStatus.Pending) return; // delivered, dead-lettered, held, or waiting for its retry time
    const backend = await this.backend(delivery.storageBackendId);
    const instance = delivery.instance;
    if (backend && !backend.isEnabled) {
      // paused: kept for when the destination is enabled again (the sweeper releases it then)
      await deliveries.update({ id: delivery.id, status: DeliveryStatus.Pending }, { status: DeliveryStatus.Held });
      return;
    }
    const attempts = delivery.attempts + 1;
    try {
      if (!backend) throw new DeliveryError(`storage backend ${delivery.storageBackendId} no longer exists`, true);
      const adapter = this.registry.get(backend.backendType);
      const result = await adapter.send(await outgoingInstance(delivery.outputPath), {
        id: backend.id, name: backend.name, backendType: backend.backendType, config: backend.config,
      });
      await deliveries.update(delivery.id, {
        status: DeliveryStatus.Delivered, attempts, deliveredAt: new Date(), lastError: null, nextAttemptAt: null, detail: result.detail.slice(0, 2000),
      });
      this.logger.debug(`delivery ${delivery.id}: ${result.detail}`);
    } catch (err) {
      const message = (err as Error).message;
      const permanent = err instanceof DeliveryError && err.permanent;
      const final = permanent || attempts >= this.config.delivery.maxAttempts;
      await deliveries.update(delivery.id, {
        status: final ? DeliveryStatus.Failed : DeliveryStatus.RetryWait,
        attempts,
        lastError: message.slice(0, 2000),
        nextAttemptAt: final ? null : new Date(Date.now() + backoffMs(attempts, this.config.delivery.backoffBaseMs, this.config.delivery.backoffMaxMs)),
      });
      this.logger.warn(`delivery ${delivery.id} attempt ${attempts} failed${final ? ' (dead-lettered)' : ''}: ${message}`);
    }
    await this.finishInstanceIfDone(instance);
  }

  /** Storage backends, cached for a second: a burst of deliveries costs one lookup per backend. */
  private async backend(id: number): Promise<StorageBackendEntity | null> {
    const hit = this.backends.get(id);
    if (hit && Date.now() - hit.at < BACKEND_CACHE_MS) return hit.value;
    const value = await this.db.getRepository(StorageBackendEntity).findOneBy({ id });
    this.backends.set(id, { at: Date.now(), value });
    return value;
  }

  /** When every delivery of an instance is final: completed (files removed) or failed (kept). */
  async finishInstanceIfDone(instance: InstanceEntity): Promise<void> {
    const all = await this.db.getRepository(DeliveryEntity).find({ where: { instanceId: instance.id }, select: { status: true, outputPath: true } });
    if (all.some((d) => OPEN_STATUSES.includes(d.status))) return;
    const failed = all.filter((d) => d.status === DeliveryStatus.Failed).length;
    const instances = this.db.getRepository(InstanceEntity);
    if (failed > 0) {
      await instances.update({ id: instance.id, state: Not(InstanceState.Failed) }, { state: InstanceState.Failed });
      return;
    }
    const result = await instances.update({ id: instance.id, state: InstanceState.Routed }, { state: InstanceState.Completed, completedAt: new Date() });
    if ((result.affected ?? 0) === 0) return;
    for (const path of new Set([instance.spoolPath, ...all.map((o) => o.outputPath)])) await this.spool.remove(path);
  }

  /** A person's retry of dead-lettered deliveries: back to pending with a fresh attempt count, published at once. */
  async retryFailed(where: { deliveryIds?: number[]; instanceId?: number }): Promise<number[]> {
    const deliveries = this.db.getRepository(DeliveryEntity);
    const rows = await deliveries.find({
      where: { status: DeliveryStatus.Failed, ...(where.deliveryIds ? { id: In(where.deliveryIds) } : {}), ...(where.instanceId ? { instanceId: where.instanceId } : {}) },
    });
    for (const row of rows) {
      await deliveries.update(row.id, { status: DeliveryStatus.Pending, attempts: 0, nextAttemptAt: null });
      await this.db.getRepository(InstanceEntity).update({ id: row.instanceId, state: InstanceState.Failed }, { state: InstanceState.Routed });
      await this.publisher.publish(Messages.DeliveryRequested, { deliveryId: row.id });
    }
    return rows.map((r) => r.id);
  }
}

/**
 * What an adapter sends, read from the delivered file itself: its UIDs are those of the output
 * (after morphing), never the ledger's originals, so a de-identified file is not filed under
 * the UIDs it was stripped of.
 */
export async function outgoingInstance(path: string): Promise<OutgoingInstance> {
  const file = await DicomFile.readHeader(path);
  const ids = file.identity();
  if (!ids.sopInstanceUid || !ids.sopClassUid) throw new DeliveryError(`${path} has no SOP Class or SOP Instance UID`, true);
  return {
    path,
    datasetOffset: file.layout.datasetOffset,
    sopClassUid: file.layout.meta.mediaStorageSopClassUid || ids.sopClassUid,
    sopInstanceUid: file.layout.meta.mediaStorageSopInstanceUid || ids.sopInstanceUid,
    studyInstanceUid: ids.studyInstanceUid ?? null,
    seriesInstanceUid: ids.seriesInstanceUid ?? null,
    transferSyntaxUid: file.layout.transferSyntaxUid,
  };
}
