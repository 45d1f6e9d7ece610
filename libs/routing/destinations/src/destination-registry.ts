import { StorageBackendType } from '@axiom/domain';
import { CstoreDestination, CstoreSettings } from './cstore.destination';
import { DeliveryError, Destination, FileWriteSettings, PRIVATE_FILE_MODES } from './destination';
import { FilesystemDestination } from './filesystem.destination';
import { GcsDestination } from './gcs.destination';
import { GoogleHealthcareDestination, GoogleHealthcareSettings } from './google-healthcare.destination';
import { DEFAULT_STOW_SETTINGS, StowClient, StowSettings } from './stow/stow-client';
import { StowRsDestination } from './stow-rs.destination';

export const DEFAULT_GOOGLE_HEALTHCARE_BASE_URL = 'https://healthcare.googleapis.com/v1';

/** What the adapters need from the configuration. */
export interface DestinationSettings {
  cstore: CstoreSettings;
  files?: FileWriteSettings;
  stow?: StowSettings;
  googleHealthcare?: GoogleHealthcareSettings;
}

/** One adapter per backend type, made once per process (provided through DI by DestinationsModule). */
export class DestinationRegistry {
  private readonly adapters = new Map<StorageBackendType, Destination>();
  private closing: Promise<void> | null = null;

  constructor(settings: DestinationSettings) {
    // one STOW-RS client for both DICOMweb types: its batches are per destination and study
    const stow = new StowClient(settings.stow ?? DEFAULT_STOW_SETTINGS);
    const adapters: Destination[] = [
      new FilesystemDestination(settings.files ?? PRIVATE_FILE_MODES),
      new CstoreDestination(settings.cstore),
      new StowRsDestination(stow),
      new GoogleHealthcareDestination(stow, settings.googleHealthcare ?? { baseUrl: DEFAULT_GOOGLE_HEALTHCARE_BASE_URL }),
      new GcsDestination(),
    ];
    for (const d of adapters) this.adapters.set(d.type, d);
  }

  get(type: StorageBackendType): Destination {
    const adapter = this.adapters.get(type);
    if (!adapter) throw new DeliveryError(`storage backend type "${type}" is not supported by this version`, true);
    return adapter;
  }

  /** Closes every adapter once, however many owners ask. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const a of this.adapters.values()) await a.close?.();
    })();
    return this.closing;
  }
}
