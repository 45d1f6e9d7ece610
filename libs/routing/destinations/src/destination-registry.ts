import { DestinationType } from '@axiom/domain';
import { CstoreAdapter, CstoreSettings } from './cstore.destination';
import { DeliveryError, DestinationAdapter, FileWriteSettings, PRIVATE_FILE_MODES } from './destination';
import { FilesystemAdapter } from './filesystem.destination';
import { GcsAdapter } from './gcs.destination';
import { GoogleHealthcareAdapter, GoogleHealthcareSettings } from './google-healthcare.destination';
import { DEFAULT_STOW_SETTINGS, StowClient, StowSettings } from './stow/stow-client';
import { StowRsAdapter } from './stow-rs.destination';

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
  private readonly adapters = new Map<DestinationType, DestinationAdapter>();
  private closing: Promise<void> | null = null;

  constructor(settings: DestinationSettings) {
    // one STOW-RS client for both DICOMweb types: its batches are per destination and study
    const stow = new StowClient(settings.stow ?? DEFAULT_STOW_SETTINGS);
    const adapters: DestinationAdapter[] = [
      new FilesystemAdapter(settings.files ?? PRIVATE_FILE_MODES),
      new CstoreAdapter(settings.cstore),
      new StowRsAdapter(stow),
      new GoogleHealthcareAdapter(stow, settings.googleHealthcare ?? { baseUrl: DEFAULT_GOOGLE_HEALTHCARE_BASE_URL }),
      new GcsAdapter(),
    ];
    for (const d of adapters) this.adapters.set(d.type, d);
  }

  get(type: DestinationType): DestinationAdapter {
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
