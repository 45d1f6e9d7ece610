import { StoreAssociationPool, describeStatus, isStoredStatus } from '@axiom/dicom-dimse';
import { StorageBackendType } from '@axiom/domain';
import { DeliveryError, Destination, DestinationTarget, OutgoingInstance } from './destination';

export interface CstoreSettings {
  idleCloseMs: number;
  connectTimeoutMs: number;
  responseTimeoutMs: number;
}

/** C-STORE to a remote peer over a kept-open association; success only on the peer's status. */
export class CstoreDestination implements Destination {
  readonly type = StorageBackendType.Cstore;
  private readonly pool: StoreAssociationPool;

  constructor(settings: CstoreSettings) {
    this.pool = new StoreAssociationPool(settings);
  }

  async send(instance: OutgoingInstance, target: DestinationTarget): Promise<{ detail: string }> {
    const c = target.config;
    const host = String(c['remote_host'] ?? '');
    const port = Number(c['remote_port']);
    const calledAeTitle = String(c['remote_ae_title'] ?? '');
    const callingAeTitle = String(c['local_ae_title'] ?? 'AXIOM_STORE_SCU');
    if (!host || !Number.isInteger(port) || !calledAeTitle) throw new DeliveryError(`storage backend "${target.name}" lacks host, port or AE title`, true);
    if (c['tls_enabled'] === true) throw new DeliveryError(`storage backend "${target.name}": DICOM TLS is not supported yet`, true);
    let rsp;
    try {
      rsp = await this.pool.store({ host, port, callingAeTitle, calledAeTitle }, {
        path: instance.path, datasetOffset: instance.datasetOffset, sopClassUid: instance.sopClassUid,
        sopInstanceUid: instance.sopInstanceUid, transferSyntaxUid: instance.transferSyntaxUid,
      });
    } catch (err) {
      throw new DeliveryError(`C-STORE to ${calledAeTitle}@${host}:${port} failed: ${(err as Error).message}`);
    }
    if (!isStoredStatus(rsp.status)) {
      throw new DeliveryError(`${calledAeTitle}@${host}:${port} answered ${describeStatus(rsp.status)}${rsp.errorComment ? ` (${rsp.errorComment})` : ''}`);
    }
    return { detail: `${calledAeTitle}@${host}:${port} status ${describeStatus(rsp.status)}` };
  }

  close(): Promise<void> {
    return this.pool.closeAll();
  }
}
