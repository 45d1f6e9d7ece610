import { StorageBackendType } from '@axiom/domain';
import { CstoreDestination, CstoreSettings } from './cstore.destination';
import { DeliveryError, Destination, FileWriteSettings, PRIVATE_FILE_MODES } from './destination';
import { FilesystemDestination } from './filesystem.destination';

/** Adapters by backend type. Types without an adapter yet fail permanently with a clear reason. */
export class DestinationRegistry {
  private readonly adapters = new Map<StorageBackendType, Destination>();

  constructor(cstore: CstoreSettings, files: FileWriteSettings = PRIVATE_FILE_MODES) {
    for (const d of [new FilesystemDestination(files), new CstoreDestination(cstore)]) this.adapters.set(d.type, d);
  }

  get(type: StorageBackendType): Destination {
    const adapter = this.adapters.get(type);
    if (!adapter) throw new DeliveryError(`storage backend type "${type}" is not supported by this version`, true);
    return adapter;
  }

  async close(): Promise<void> {
    for (const a of this.adapters.values()) await a.close?.();
  }
}
