import type { DeliveryErrorClass, DestinationType } from '@axiom/domain';

/**
 * What a destination sends: a Part 10 file in the spool, or a morphed output kept as its new start
 * plus the rest of the received file (`splice`; read it through `outgoing-bytes`), and the facts
 * adapters need.
 */
export interface OutgoingInstance {
  /** The file holding the bytes; with `splice`, the file holding the rest after the head. */
  path: string;
  /** Offset of the data set in the instance's bytes (in `splice.head` when spliced). */
  datasetOffset: number;
  /** The bytes are `head`, then the file at `path` from `sourceOffset` on (no file of their own). */
  splice?: { head: Buffer; sourceOffset: number } | null;
  sopClassUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string | null;
  seriesInstanceUid: string | null;
  transferSyntaxUid: string;
}

export interface Destination {
  id: number;
  name: string;
  backendType: DestinationType;
  config: Record<string, unknown>;
  /** The decrypted credentials (`auth_config`, `service_account_json`); never logged. */
  credentials?: { auth_config?: Record<string, unknown> | null; service_account_json?: string | null };
}

/** What a reachability and credentials check found: the failing step is named in `message`. */
export interface ProbeResult {
  ok: boolean;
  /** The step that failed, or the last one done when all passed (e.g. `connect`, `token`, `write`). */
  step: string;
  message: string;
}

/**
 * A failed send. `permanent` failures (e.g. the peer refuses the SOP class) are not retried.
 * `errorClass` says why, where the adapter knows (otherwise `classifyDeliveryError` infers it).
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
    readonly errorClass?: DeliveryErrorClass,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Permissions of what file-writing destinations create (octal modes, e.g. 0o600 / 0o700). */
export interface FileWriteSettings {
  fileMode: number;
  dirMode: number;
}

/** Private by default: a delivered study is patient data. Shared folders widen this by setting. */
export const PRIVATE_FILE_MODES: FileWriteSettings = { fileMode: 0o600, dirMode: 0o700 };

/** The destination port: one adapter per backend type. */
export interface DestinationAdapter {
  readonly type: DestinationType;
  /**
   * Sends one instance. The identifying UIDs of `instance` are those of the delivered bytes
   * (after morphing), so an adapter may name objects by them.
   */
  send(instance: OutgoingInstance, target: Destination): Promise<{ detail: string }>;
  /** Removes what an interrupted send of this writer left behind at the target; returns the count. */
  cleanUp?(target: Destination): Promise<number>;
  /** Checks that the target is reachable and takes our credentials, without delivering anything. */
  probe?(target: Destination): Promise<ProbeResult>;
  close?(): Promise<void>;
}
