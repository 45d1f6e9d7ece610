import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DicomFile } from '@axiom/dicom-io';
import { DeliveryStatus, Messages, StorageBackendType } from '@axiom/domain';
import { DeliveryError, DestinationRegistry, OutgoingInstance } from '@axiom/destinations';
import { MessagePublisher, PoisonMessageError } from '@axiom/messaging';
import { DeliveryClaim, DeliveryOutcome, LedgerRepository, StorageBackendEntity } from '@axiom/persistence';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { InstanceFilesService } from '@axiom/spool';

const BACKEND_CACHE_MS = 1000;

/** Exponential backoff with full jitter, capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * delivery.requested -> claim -> send -> record the outcome. The claim (pending -> sending, with
 * a token of this sender) makes sure one delivery is never in flight twice; the lease is renewed
 * while a long send runs, and the outcome is written only while the claim is still ours. Success
 * is recorded only on the adapter's success; failures wait with backoff; after the last attempt
 * the delivery is dead-lettered (failed) and a person may retry it. A delivery to a disabled
 * storage backend is held, without using an attempt, until it is enabled again.
 */
@Injectable()
export class DeliveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Delivery');
  private readonly backends = new Map<number, { at: number; value: StorageBackendEntity | null }>();
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly registry: DestinationRegistry;

  constructor(
    private readonly ledger: LedgerRepository,
    @InjectRepository(StorageBackendEntity) private readonly storageBackends: Repository<StorageBackendEntity>,
    private readonly files: InstanceFilesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly publisher: MessagePublisher,
  ) {
    this.registry = new DestinationRegistry(config.cstore, config.files);
  }

  /** Temp files a killed process of this host left in filesystem destinations. */
  async onApplicationBootstrap(): Promise<void> {
    const adapter = this.registry.get(StorageBackendType.Filesystem);
    const backends = await this.storageBackends.find({ where: { backendType: StorageBackendType.Filesystem } });
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
    const delivery = await this.ledger.findDelivery(deliveryId);
    if (!delivery) throw new PoisonMessageError(`delivery ${deliveryId} does not exist`);
    // sending (claimed by someone), delivered, dead-lettered, held or waiting for its retry time
    if (delivery.status !== DeliveryStatus.Pending) return;
    const backend = await this.backend(delivery.storageBackendId);
    if (backend && !backend.isEnabled) {
      // paused: kept for when the destination is enabled again (the sweeper releases it then)
      await this.ledger.holdDelivery(delivery.id);
      return;
    }
    const claim = await this.ledger.claimDelivery(delivery.id, `${this.owner}:${randomUUID().slice(0, 8)}`);
    if (!claim) return; // another sender won the claim
    const outcome = await this.withLease(claim, () => this.send(claim, backend));
    if (!(await this.ledger.recordOutcome(claim, outcome))) {
      this.logger.warn(`delivery ${claim.deliveryId}: the claim ran out during the send; its outcome (${outcome.kind}) is not recorded`);
      return;
    }
    if (outcome.kind === 'delivered') this.logger.debug(`delivery ${claim.deliveryId}: ${outcome.detail}`);
    else this.logger.warn(`delivery ${claim.deliveryId} attempt ${claim.attempts} failed${outcome.kind === 'failed' ? ' (dead-lettered)' : ''}: ${outcome.error}`);
    await this.finishInstanceIfDone(claim.instanceId);
  }

  private async send(claim: DeliveryClaim, backend: StorageBackendEntity | null): Promise<DeliveryOutcome> {
    try {
      if (!backend) throw new DeliveryError(`storage backend ${claim.storageBackendId} no longer exists`, true);
      const result = await this.registry.get(backend.backendType).send(await outgoingInstance(claim), {
        id: backend.id, name: backend.name, backendType: backend.backendType, config: backend.config,
      });
      return { kind: 'delivered', detail: result.detail };
    } catch (err) {
      const error = (err as Error).message;
      const permanent = err instanceof DeliveryError && err.permanent;
      if (permanent || claim.attempts >= this.config.delivery.maxAttempts) return { kind: 'failed', error };
      const { backoffBaseMs, backoffMaxMs } = this.config.delivery;
      return { kind: 'retry', error, nextAttemptAt: new Date(Date.now() + backoffMs(claim.attempts, backoffBaseMs, backoffMaxMs)) };
    }
  }

  /** Renews the claim every third of the lease while `work` runs, so a slow send keeps it. */
  private async withLease<T>(claim: DeliveryClaim, work: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => {
      this.ledger.renewClaim(claim).then(
        (live) => { if (!live) this.logger.warn(`delivery ${claim.deliveryId}: claim lost while sending`); },
        (err: unknown) => this.logger.warn(`delivery ${claim.deliveryId}: claim renewal failed: ${(err as Error).message}`),
      );
    }, Math.max(250, Math.floor(this.config.delivery.claimLeaseMs / 3)));
    timer.unref();
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  /** Storage backends, cached for a second: a burst of deliveries costs one lookup per backend. */
  private async backend(id: number): Promise<StorageBackendEntity | null> {
    const hit = this.backends.get(id);
    if (hit && Date.now() - hit.at < BACKEND_CACHE_MS) return hit.value;
    const value = await this.storageBackends.findOneBy({ id });
    this.backends.set(id, { at: Date.now(), value });
    return value;
  }

  /** When every delivery of an instance is final: completed (files removed) or failed (files moved to DICOM_ERROR_PATH). */
  async finishInstanceIfDone(instanceId: number): Promise<void> {
    await this.files.finishIfDone(instanceId);
  }

  /** A person's retry of dead-lettered deliveries: back to pending with a fresh attempt count, published at once. */
  async retryFailed(where: { deliveryIds?: number[]; instanceId?: number }): Promise<number[]> {
    const reset = await this.ledger.resetFailed(where);
    for (const row of reset) await this.publisher.publish(Messages.DeliveryRequested, { deliveryId: row.id });
    return reset.map((r) => r.id);
  }
}

/**
 * What an adapter sends: the output's own facts, recorded on the delivery row at routing time
 * (after morphing, so a de-identified file is not filed under the UIDs it was stripped of). Rows
 * routed before those facts were recorded are read from the file's header.
 */
export async function outgoingInstance(claim: DeliveryClaim): Promise<OutgoingInstance> {
  const o = claim.output;
  if (claim.factsRecorded) {
    return {
      path: o.path, datasetOffset: o.datasetOffset, sopClassUid: o.sopClassUid, sopInstanceUid: o.sopInstanceUid,
      studyInstanceUid: o.studyInstanceUid, seriesInstanceUid: o.seriesInstanceUid, transferSyntaxUid: o.transferSyntaxUid,
    };
  }
  const file = await DicomFile.readHeader(o.path);
  const ids = file.identity();
  if (!ids.sopInstanceUid || !ids.sopClassUid) throw new DeliveryError(`${o.path} has no SOP Class or SOP Instance UID`, true);
  return {
    path: o.path,
    datasetOffset: file.layout.datasetOffset,
    sopClassUid: file.layout.meta.mediaStorageSopClassUid || ids.sopClassUid,
    sopInstanceUid: file.layout.meta.mediaStorageSopInstanceUid || ids.sopInstanceUid,
    studyInstanceUid: ids.studyInstanceUid ?? null,
    seriesInstanceUid: ids.seriesInstanceUid ?? null,
    transferSyntaxUid: file.layout.transferSyntaxUid,
  };
}
