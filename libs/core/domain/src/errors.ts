/**
 * Errors as data. Below HTTP and DIMSE, a refused instance and a failed delivery carry a code;
 * the tables here are the one place that says what each code answers on the wire, so C-STORE
 * and STOW-RS give the same cause the same status, and the console can filter deliveries by why
 * they failed.
 */

/** Why an incoming instance was not kept (C-STORE, STOW-RS, and what pollers retrieve alike). */
export enum RefusalCode {
  /** Not a DICOM object we can read (no preamble, a broken element, a wrong length). */
  Invalid = 'invalid',
  /** The data set contradicts its announcement (SOP Class or Instance UID of the command). */
  Mismatch = 'mismatch',
  /** The ledger, the spool or the broker is down: nothing kept, the sender should try later. */
  Unavailable = 'unavailable',
  /** Larger than AXIOM_MAX_OBJECT_BYTES. */
  TooLarge = 'too_large',
  /** Writing the object to the spool failed (an I/O error). */
  SpoolWrite = 'spool_write',
  /** The spool is below its free-space floor (SPOOL_MIN_FREE_MB): nothing written; try later. */
  SpoolFull = 'spool_full',
  /** STOW-RS: a part that is not application/dicom. */
  PartType = 'part_type',
  /** STOW-RS: an instance of another study than the one in the URL. */
  StudyMismatch = 'study_mismatch',
}

/** What one refusal answers: the DIMSE status (PS3.4 B.2.3), equal to the STOW-RS FailureReason (PS3.18 10.5.3), and the HTTP status of a request whose every part met it. */
export interface RefusalAnswer {
  dimseStatus: number;
  httpStatus: 409 | 413 | 415 | 503;
  /** The sender may succeed by trying again later (the cause is ours and passes). */
  transient: boolean;
}

const CANNOT_UNDERSTAND = 0xc000;
const DATA_SET_MISMATCH = 0xa900;
const OUT_OF_RESOURCES = 0xa700;
const PROCESSING_FAILURE = 0x0110;

/** The one table of refusal answers. */
export const REFUSAL_ANSWERS: Readonly<Record<RefusalCode, RefusalAnswer>> = {
  [RefusalCode.Invalid]: { dimseStatus: CANNOT_UNDERSTAND, httpStatus: 409, transient: false },
  [RefusalCode.Mismatch]: { dimseStatus: DATA_SET_MISMATCH, httpStatus: 409, transient: false },
  [RefusalCode.Unavailable]: { dimseStatus: OUT_OF_RESOURCES, httpStatus: 503, transient: true },
  [RefusalCode.TooLarge]: { dimseStatus: OUT_OF_RESOURCES, httpStatus: 413, transient: false },
  [RefusalCode.SpoolWrite]: { dimseStatus: OUT_OF_RESOURCES, httpStatus: 503, transient: true },
  [RefusalCode.SpoolFull]: { dimseStatus: OUT_OF_RESOURCES, httpStatus: 503, transient: true },
  [RefusalCode.PartType]: { dimseStatus: CANNOT_UNDERSTAND, httpStatus: 415, transient: false },
  [RefusalCode.StudyMismatch]: { dimseStatus: PROCESSING_FAILURE, httpStatus: 409, transient: false },
};

/** Why a delivery attempt failed, as a class the console filters by (deliveries.error_class). */
export enum DeliveryErrorClass {
  /** Nobody listens at the destination's address (ECONNREFUSED, a C-STORE peer that is down). */
  ConnectionRefused = 'connection_refused',
  /** The destination took too long: to connect, to answer, or an HTTP 408/504. */
  Timeout = 'timeout',
  /** The connection broke or the service is down (reset, aborted association, DNS, HTTP 502/503). */
  Unreachable = 'unreachable',
  /** The peer accepts none of the object's transfer syntaxes (and none we can convert to), or converting failed. */
  TransferSyntaxRefused = 'transfer_syntax_refused',
  /** The peer answered with a failure status (a C-STORE status, a STOW-RS FailureReason, an HTTP 4xx/5xx answer). */
  PeerStatus = 'peer_status',
  /** Refused for good for another reason: the destination's settings, a name conflict, content that differs. */
  Permanent = 'permanent',
  /** Reading the stored object or writing to a folder destination failed here. */
  Io = 'io',
  /** Anything else (kept so that every failure has a class). */
  Other = 'other',
}

/** The classes that say the destination cannot be reached (only these count toward its circuit breaker). */
export const UNREACHABLE_CLASSES: ReadonlySet<DeliveryErrorClass> = new Set([
  DeliveryErrorClass.ConnectionRefused,
  DeliveryErrorClass.Timeout,
  DeliveryErrorClass.Unreachable,
]);
