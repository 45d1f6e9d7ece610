import { TransferSyntax } from '@axiom/dicom-io';
import { QrCommandField, QrMessage, QrSopClass, SubOperationCounts } from './qr-commands';
import { QrKeys } from './qr-identifier';
import { ScuAssociationTimeouts } from './scu-negotiation';
import { DimseError, ScuPeer } from './scu-types';

/** What a Q/R client is asked to do: its params and requests, the contexts it proposes for them, its operations' names and results. */

export type QrLevel = 'PATIENT' | 'STUDY' | 'SERIES' | 'IMAGE';
export type QrModel = 'study' | 'patient';

export const DEFAULT_QR_TIMEOUTS: ScuAssociationTimeouts = {
  connectTimeoutMs: 10_000,
  associationTimeoutMs: 30_000,
  responseTimeoutMs: 60_000,
};

/** Identifiers travel in explicit VR little endian where the peer takes it, else implicit (always supported). */
const QR_TRANSFER_SYNTAXES = [TransferSyntax.ExplicitVrLittleEndian, TransferSyntax.ImplicitVrLittleEndian];

/**
 * Transfer syntaxes proposed for the C-STORE sub-operations of a C-GET, each in a context of its
 * own, so the peer can send every object exactly as it stores it (PS3.8 annex B: one transfer
 * syntax is accepted per context, so a multi-syntax context would force one per SOP class).
 */
export const RETRIEVE_TRANSFER_SYNTAXES: readonly string[] = [
  TransferSyntax.ExplicitVrLittleEndian,
  TransferSyntax.ImplicitVrLittleEndian,
  TransferSyntax.ExplicitVrBigEndian,
  TransferSyntax.DeflatedExplicitVrLittleEndian,
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.81',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.5',
  '1.2.840.10008.1.2.4.201',
  '1.2.840.10008.1.2.4.202',
  '1.2.840.10008.1.2.4.203',
];

export interface QrClientParams {
  peer: ScuPeer;
  timeouts?: Partial<ScuAssociationTimeouts>;
  maxPduLength?: number;
  /** Which services the association is for. */
  find?: QrModel[];
  move?: boolean;
  /** C-GET, with the storage SOP classes we take as SCP (role selection) on the same association. */
  get?: { storageSopClasses: string[] };
}

export interface FindRequest {
  model?: QrModel;
  level: QrLevel;
  keys: QrKeys;
  /** More matches than this abort the query with an error (the filters are too wide). */
  maxMatches?: number;
  signal?: AbortSignal;
}

export interface RetrieveRequest {
  level: QrLevel;
  /** The unique keys (StudyInstanceUID, SeriesInstanceUID, SOPInstanceUID) down to the level. */
  keys: QrKeys;
  signal?: AbortSignal;
}

export interface RetrieveResult {
  /** The final response's status (0x0000, 0xB000 warning, or a failure). */
  status: number;
  counts: SubOperationCounts;
  errorComment: string | null;
  /** Our message id of the request (the Move Originator Message ID the C-STOREs carry). */
  messageId: number;
  /** C-GET: the SOP Instance UIDs stored (ingest said yes) on this association. */
  stored: string[];
  /** The Failed SOP Instance UID List of the final response, if the peer sent one. */
  failed: string[];
}

/**
 * The contexts a Q/R association proposes: a C-FIND context per model, C-MOVE, and for C-GET its
 * own context plus one per (storage SOP class, retrieve transfer syntax); at most 128.
 */
export function qrContexts(
  params: QrClientParams,
  storage: string[],
): { abstractSyntax: string; transferSyntaxes: string[] }[] {
  const contexts: { abstractSyntax: string; transferSyntaxes: string[] }[] = [];
  for (const model of params.find ?? [])
    contexts.push({
      abstractSyntax: model === 'study' ? QrSopClass.StudyRootFind : QrSopClass.PatientRootFind,
      transferSyntaxes: QR_TRANSFER_SYNTAXES,
    });
  if (params.move) contexts.push({ abstractSyntax: QrSopClass.StudyRootMove, transferSyntaxes: QR_TRANSFER_SYNTAXES });
  if (params.get) {
    contexts.push({ abstractSyntax: QrSopClass.StudyRootGet, transferSyntaxes: QR_TRANSFER_SYNTAXES });
    for (const sopClass of storage)
      for (const ts of RETRIEVE_TRANSFER_SYNTAXES) contexts.push({ abstractSyntax: sopClass, transferSyntaxes: [ts] });
  }
  if (contexts.length > 128)
    throw new DimseError(
      `a C-GET of ${storage.length} SOP classes needs ${contexts.length} presentation contexts (128 at most): retrieve fewer SOP classes at once`,
    );
  return contexts;
}

/** A C-MOVE's or C-GET's result from its final response, with the instances stored on the association. */
export function retrieveResult(final: QrMessage, stored: string[]): RetrieveResult {
  return {
    status: final.status,
    counts: final.counts,
    errorComment: final.errorComment,
    messageId: final.messageIdBeingRespondedTo,
    stored,
    failed: final.failedSopInstanceUids,
  };
}

/** The operation a request command field starts, by name. */
export function describeOperation(commandField: number): string {
  return commandField === QrCommandField.CFindRq
    ? 'C-FIND'
    : commandField === QrCommandField.CMoveRq
      ? 'C-MOVE'
      : 'C-GET';
}
