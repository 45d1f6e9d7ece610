import type { StorageBackendType } from '@axiom/domain';

/** What a destination sends: a Part 10 file in the spool, and the facts adapters need. */
export interface OutgoingInstance {
  path: string;
  datasetOffset: number;
  sopClassUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string | null;
  seriesInstanceUid: string | null;
  transferSyntaxUid: string;
}

export interface DestinationTarget {
  id: number;
  name: string;
  backendType: StorageBackendType;
  config: Record<string, unknown>;
}

/** A failed send. `permanent` failures (e.g. the peer refuses the SOP class) are not retried. */
export class DeliveryError extends Error {
  constructor(message: string, readonly permanent = false) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** The destination port: one adapter per backend type. */
export interface Destination {
  readonly type: StorageBackendType;
  send(instance: OutgoingInstance, target: DestinationTarget): Promise<{ detail: string }>;
  close?(): Promise<void>;
}
