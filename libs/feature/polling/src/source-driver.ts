import type { IngestOutcome } from '@axiom/feature-ingest';
import type { PollingSourceKind } from '@axiom/domain';
import type { PollingSourceRows } from '@axiom/persistence';

export type { PollingSourceKind };

/** The configuration row of each source kind (DicomwebSourceEntity, DimseQrSourceEntity), as the framework loads it. */
export type SourceRowOf = PollingSourceRows;

/**
 * The source's cursor as the driver sees it. `watermark` is the highest change time the framework
 * has durably covered (everything with an older change time was queued); `since` is the
 * watermark minus the overlap window (POLL_OVERLAP_SECONDS), the bound to query from when the
 * source can filter by change time. Both are null before the first complete round.
 */
export interface PollCursor {
  watermark: Date | null;
  since: Date | null;
}

/** What a driver gets for one round of one source. */
export interface PollContext<K extends PollingSourceKind = PollingSourceKind> {
  source: SourceRowOf[K];
  /** The decrypted auth_config of the row (DICOMweb), or null when none is stored. */
  credentials: Record<string, string> | null;
  cursor: PollCursor;
  /** Aborted when the round must stop: shutdown, the lease lost, the row changed or deleted. */
  signal: AbortSignal;
}

/**
 * A study the source's study-level query returned. `signature` is whatever shows the study's
 * content changed (e.g. its number of related instances and series); a study is expanded when
 * it was never seen, when its signature differs from the one recorded when it was last fully
 * queued, or — when the source gives no signature — when its change time is unknown or not
 * older than the cursor's `since`.
 */
export interface StudyCandidate {
  studyInstanceUid: string;
  /** The study's change time as the source tells it (for the watermark), or null. */
  changedAt: Date | null;
  signature: string | null;
}

/**
 * One thing to retrieve from a new or changed study: an instance (DICOMweb, or C-GET/C-MOVE at
 * IMAGE level) or a series. `key` is unique within the source (a SOP Instance UID, or a Series
 * Instance UID for a series-level retrieval): the framework records it as seen once retrieved
 * and durably queued, and never hands a seen key (with the same signature) to `retrieve` again.
 */
export interface RetrievalItem {
  key: string;
  studyInstanceUid: string;
  seriesInstanceUid: string | null;
  sopInstanceUid: string | null;
  /** For series-level items: changes when the series grows, so that it is retrieved again. */
  signature: string | null;
}

/** The outcome of one retrieval: how many instances were durably queued, and why it failed if it did. */
export interface RetrievalReport {
  /** Instances ingested (`ok`) by this retrieval. */
  processed: number;
  /** Null when every instance of the item was queued; the item is then recorded as seen. */
  error: string | null;
  /**
   * The error will not go away by asking again (the source sent an object ingest refuses as
   * invalid; it is quarantined): the item is recorded as seen all the same, and the error shown.
   */
  permanent?: boolean;
}

/**
 * How a driver hands arriving instances to the router: the same ingest as C-STORE, with the
 * source's type (dicomweb_poller / dimse_qr) and name filled in by the framework.
 */
export interface IngestSink {
  /**
   * A temp file in the spool to stream one instance into (a Writable that fdatasyncs when it
   * ends); pass its `path` to `ingest` once it has finished, or `discard()` it on failure.
   */
  createIncoming(): IncomingFile;
  /** Validates, spools, records and publishes one instance; only `ok` counts as queued. */
  ingest(tempPath: string, details?: IngestDetails): Promise<IngestOutcome>;
}

export interface IncomingFile extends NodeJS.WritableStream {
  readonly path: string;
  /** Drops an unfinished file: closes and unlinks it. */
  discard(): void;
}

export interface IngestDetails {
  callingAeTitle?: string | null;
  calledAeTitle?: string | null;
  peerAddress?: string | null;
  announced?: { sopClassUid?: string; sopInstanceUid?: string };
}

/**
 * What a source kind implements; the framework does the rest: scheduling (one round per
 * polling_interval_seconds of each enabled, active row, or at once on poll-now), the lease
 * (one poller at a time per source), the seen records, the cursor, at most
 * max_concurrent_retrievals calls of `retrieve` in flight per source, backoff after errors,
 * and the status columns of the row.
 *
 * A driver throws (any Error; its message becomes last_error_message) when the source cannot
 * be queried; a failed retrieval is reported in its RetrievalReport instead, so that the other
 * items go on. Drivers must honour `ctx.signal`.
 *
 * Registration: a driver is a Nest provider; list its class in
 * `PollingModule.forRoot({ drivers: [...] , imports: [...] })` (the app's wiring). The module
 * collects them under SOURCE_DRIVERS, one driver per kind.
 */
export interface SourceDriver<K extends PollingSourceKind = PollingSourceKind> {
  readonly kind: K;
  /** The study-level query with the row's filters, every page of it. */
  listStudies(ctx: PollContext<K>): AsyncIterable<StudyCandidate>;
  /** What a new or changed study holds to retrieve (series, then instances, as the kind needs). */
  listItems(ctx: PollContext<K>, study: StudyCandidate): Promise<RetrievalItem[]>;
  /** Retrieves one item, each arriving instance through `sink.ingest`. */
  retrieve(ctx: PollContext<K>, item: RetrievalItem, sink: IngestSink): Promise<RetrievalReport>;
}

/** The DI token under which PollingModule collects the registered drivers (SourceDriver[]). */
export const SOURCE_DRIVERS = Symbol('SOURCE_DRIVERS');
