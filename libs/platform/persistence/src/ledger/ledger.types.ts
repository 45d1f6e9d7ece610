import type { DeliveryErrorClass, InstanceState, SourceType } from '@axiom/domain';

/** What ingest knows of an instance once its file is durable. */
export interface ReceivedInstance {
  sourceType: SourceType;
  sourceName: string;
  callingAeTitle: string | null;
  calledAeTitle: string | null;
  peerAddress: string | null;
  studyInstanceUid: string | null;
  seriesInstanceUid: string | null;
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  datasetOffset: number;
  spoolPath: string;
  sizeBytes: number;
  patientId?: string | null;
  patientName?: string | null;
  accessionNumber?: string | null;
}

/** The facts of one output file, as the sender needs them (the output's own UIDs). */
export interface OutputFacts {
  path: string;
  studyInstanceUid: string | null;
  seriesInstanceUid: string | null;
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  /** Offset of the data set in the output's bytes (in `splice.head` when spliced). */
  datasetOffset: number;
  /**
   * A morphed output not written as a file of its own: its bytes are `head` followed by the file
   * at `path` (the received one) from `sourceOffset` on. Absent: the output is the file at `path`.
   */
  splice?: { head: Buffer; sourceOffset: number } | null;
}

export interface PlannedDelivery {
  storageBackendId: number;
  ruleId: number | null;
  outputKey: string;
  output: OutputFacts;
  /** Recorded as held (destination disabled) instead of pending. */
  held: boolean;
}

export interface RoutedInstance {
  instanceId: number;
  state: InstanceState.Routed | InstanceState.NoRoute;
  matchedRules: unknown[];
  morphing: unknown[];
  deliveries: PlannedDelivery[];
}

/** A delivery claimed by one sender: the token proves the claim when the outcome is written. */
export interface DeliveryClaim {
  deliveryId: number;
  instanceId: number;
  storageBackendId: number;
  owner: string;
  /** Attempts including this one. */
  attempts: number;
  output: OutputFacts;
  /** False on rows routed before the output facts were recorded: the sender reads the header. */
  factsRecorded: boolean;
}

export type DeliveryOutcome =
  | { kind: 'delivered'; detail: string }
  | { kind: 'retry'; error: string; errorClass: DeliveryErrorClass; nextAttemptAt: Date }
  | { kind: 'failed'; error: string; errorClass: DeliveryErrorClass };

/** Where an instance's files live now (the received file and its morphed outputs). */
export interface InstanceFiles {
  spoolPath: string;
  outputPaths: string[];
}
