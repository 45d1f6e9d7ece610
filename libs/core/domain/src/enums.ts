/**
 * Where an instance entered the router. `stow_rs` and `api_json` (dry runs of JSON) are also the
 * source names of the sources that are not configured rows.
 */
export enum SourceType {
  DimseListener = 'dimse_listener',
  StowRs = 'stow_rs',
  DicomwebPoller = 'dicomweb_poller',
  DimseQr = 'dimse_qr',
  ApiJson = 'api_json',
}

/**
 * The kinds of polled source (a dicomweb_sources or a dimse_qr_sources row): the name the
 * polling state and the status API (`source_type` of a source) give them.
 */
export type PollingSourceKind = 'dicomweb' | 'dimse_qr';

/** What an instance retrieved by a polled source of each kind is recorded as (its `source_type` in the ledger). */
export const SOURCE_TYPE_OF_POLLED: Readonly<Record<PollingSourceKind, SourceType>> = {
  dicomweb: SourceType.DicomwebPoller,
  dimse_qr: SourceType.DimseQr,
};

/** Life of one received instance in the ledger. */
export enum InstanceState {
  /** Spooled and recorded; routing has not committed yet. */
  Received = 'received',
  /** Rules evaluated, delivery rows committed. */
  Routed = 'routed',
  /** No rule matched; kept or dropped per setting. */
  NoRoute = 'no_route',
  /** Every delivery succeeded and the spool files are gone. */
  Completed = 'completed',
  /** At least one delivery was dead-lettered; files kept under the error path. */
  Failed = 'failed',
  /** The object could not be routed at all (unreadable once spooled). */
  Error = 'error',
  /** Routing failed (or killed the process) too many times; kept aside, never routed again by itself. */
  Quarantined = 'quarantined',
}

export enum DeliveryStatus {
  Pending = 'pending',
  /** Claimed by one sender (claim_owner, claimed_at) and being sent; released if the claim's lease runs out. */
  Sending = 'sending',
  RetryWait = 'retry_wait',
  Delivered = 'delivered',
  /** Out of attempts: dead-lettered, retryable by a person. */
  Failed = 'failed',
  /** Its destination is disabled (paused): recorded, sent once the destination is enabled again. */
  Held = 'held',
}

/** A storage backend's circuit breaker: open after repeated connection failures, half-open while one probe runs. */
export enum BreakerState {
  Closed = 'closed',
  Open = 'open',
  HalfOpen = 'half_open',
}

export enum DestinationType {
  Filesystem = 'filesystem',
  Cstore = 'cstore',
  Gcs = 'gcs',
  GoogleHealthcare = 'google_healthcare',
  StowRs = 'stow_rs',
}

export enum ExecutionMode {
  FirstMatch = 'FIRST_MATCH',
  AllMatches = 'ALL_MATCHES',
}

export enum MatchOperator {
  Eq = 'eq',
  Ne = 'ne',
  Gt = 'gt',
  Lt = 'lt',
  Ge = 'ge',
  Le = 'le',
  Contains = 'contains',
  StartsWith = 'startswith',
  EndsWith = 'endswith',
  Exists = 'exists',
  NotExists = 'not_exists',
  Regex = 'regex',
  In = 'in',
  NotIn = 'not_in',
  IpEq = 'ip_eq',
  IpStartsWith = 'ip_startswith',
  IpInSubnet = 'ip_in_subnet',
}

export enum AssociationParameter {
  SourceIp = 'SOURCE_IP',
  CallingAeTitle = 'CALLING_AE_TITLE',
  CalledAeTitle = 'CALLED_AE_TITLE',
}

export enum ModifyAction {
  Set = 'set',
  Delete = 'delete',
  Prepend = 'prepend',
  Suffix = 'suffix',
  RegexReplace = 'regex_replace',
  Copy = 'copy',
  Move = 'move',
  HashUid = 'hash_uid',
  ShiftDate = 'shift_date',
  Deidentify = 'deidentify',
}

export enum AuthType {
  None = 'none',
  Basic = 'basic',
  Bearer = 'bearer',
  ApiKey = 'apikey',
}

export enum QueryLevel {
  Study = 'STUDY',
  Series = 'SERIES',
  Patient = 'PATIENT',
}

/** How a DIMSE Q/R source's instances are fetched: C-MOVE to one of our listeners, or C-GET on the query's own association. */
export enum RetrieveMethod {
  CMove = 'C-MOVE',
  CGet = 'C-GET',
}

export enum RoleName {
  Admin = 'Admin',
  User = 'User',
}
