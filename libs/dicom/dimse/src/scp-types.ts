/** The SCP's public types, re-exported by scp-server.ts (their historical home). */

export interface AssociationInfo {
  /** The listener's name: the source name its instances are recorded under. */
  sourceName: string;
  callingAeTitle: string;
  calledAeTitle: string;
  peerAddress: string;
  /** Unique per association (a UUID): the correlation id of the log lines about it. */
  associationId?: string;
}

/** What the network layer hands to ingest: the received bytes, already a durable Part 10 file. */
export interface IncomingInstance {
  association: AssociationInfo;
  /** Part 10 file (our meta header + the data set bytes as received): every byte written. */
  tempPath: string;
  /**
   * Settles when the file is durable (its fdatasync runs while the handler checks it). The SCP
   * answers only after it, whatever the handler does; a handler that renames the file awaits it first.
   */
  durable: Promise<void>;
  /**
   * The file's bytes (the slices written, in order) when the spool kept them: no need to read it
   * back. They are the listener's receive memory, lent until the handler's promise settles: after
   * that the listener reads the next requests into it. Copy what must outlive the handler.
   */
  bytes?: readonly Buffer[];
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  /** Present when the C-STORE is a sub-operation of a C-MOVE (Move Originator AE Title / Message ID). */
  moveOriginator?: { aeTitle: string; messageId: number };
}

export interface StoreResult {
  status: number;
  errorComment?: string;
}

/** A file being received; the spool's incoming writer (platform/spool) is the implementation. */
export interface IncomingFile {
  readonly path: string;
  /** Queues received bytes in order; holds `pressure` while the disk lags. */
  append(chunk: Buffer): void;
  /** Resolves once every byte is durable (fsynced); rejects if any write failed. */
  complete(): Promise<void>;
  /** Optional: `written` once every byte is in the file, `durable` as `complete()` (the check overlaps the fsync). */
  finish?(): { written: Promise<void>; durable: Promise<void> };
  /** Optional: once written, the file's bytes as the slices written, when the spool kept them (small objects). */
  takeBytes?(): Buffer[] | null;
  /** Drops an upload that will never be acknowledged (closes and removes the file). */
  discard(): void;
  /**
   * Optional: resolves once the file is closed, so no write can still read the appended chunks
   * (the listener then reuses their memory). Without it the listener never reuses that memory.
   */
  settled?(): Promise<void>;
}

/** Where received data sets are written before ingest takes them (the spool port). */
export interface IncomingFiles {
  open(header: Buffer, pressure: { hold(reason: string): void; release(reason: string): void }): IncomingFile;
}

/** The ingest port: the SCP knows nothing of routing (the Orthanc habit). */
export interface StoreHandler {
  store(instance: IncomingInstance): Promise<StoreResult>;
}

export type ScpEvent = 'association' | 'store-ok' | 'store-failed' | 'error';

/** Protocol limits of one listener; each has a default in scp-server.ts. */
export interface ScpLimits {
  /** Largest P-DATA-TF we announce and accept (bytes); capped at PDU_HARD_CAP. */
  maxPduLength: number;
  /** ARTIM: how long a new connection may take to send its A-ASSOCIATE-RQ, and to close at the end. */
  associationRequestTimeoutMs: number;
  /** An established association with no message in progress and nothing arriving is aborted. */
  idleTimeoutMs: number;
  /** Within one message (or one PDU), the next complete PDU must arrive within this. */
  pduTimeoutMs: number;
  /** Concurrent connections of the listener; more are refused with A-ASSOCIATE-RJ (local limit exceeded). */
  maxAssociations: number;
  /** Concurrent connections from one peer address. */
  maxAssociationsPerPeer: number;
}
