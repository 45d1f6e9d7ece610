import type { IngestOutcome } from '@axiom/feature-ingest';
import { DicomJsonDataset, StowFailedInstance, StowFailureReason, StowStoredInstance, stowResponseJson } from '@axiom/dicomweb';

/**
 * Why one part of a STOW-RS request was not kept: the IngestService outcome kinds, plus what the
 * STOW-RS layer refuses before ingest. Adding a kind makes `failureReasonOf` fail to compile until
 * it is mapped: this file is the one place that turns outcomes into DICOMweb answers.
 */
export type StowRefusal =
  | Exclude<IngestOutcome, { ok: true }>['kind']
  /** The part is not application/dicom. */
  | 'part_type'
  /** The part is larger than AXIOM_MAX_OBJECT_BYTES. */
  | 'too_large'
  /** Writing the part to the spool failed (I/O error). */
  | 'spool_write'
  /** The spool is below its free-space floor (SPOOL_MIN_FREE_MB): nothing was written; try later. */
  | 'spool_full'
  /** The instance belongs to another study than the one in the URL. */
  | 'study_mismatch';

export type StowPartResult =
  | { stored: StowStoredInstance }
  | { refused: StowRefusal; detail: string; sopClassUid?: string; sopInstanceUid?: string };

export interface StowAnswer {
  status: 200 | 202 | 409 | 415 | 503;
  body: DicomJsonDataset;
  /** With a 503: when to try again (the Retry-After header). */
  retryAfterSeconds?: number;
}

/** A full spool frees up as deliveries finish: a sender may try again after this long. */
export const SPOOL_FULL_RETRY_AFTER_SECONDS = 30;

/** The 00081197 FailureReason of each refusal (PS3.18 10.5.3). */
export function failureReasonOf(refusal: StowRefusal): StowFailureReason {
  switch (refusal) {
    case 'invalid':
    case 'part_type':
      return StowFailureReason.CannotUnderstand;
    case 'mismatch':
      return StowFailureReason.DatasetDoesNotMatchSopClass;
    case 'too_large':
    case 'spool_write':
    case 'spool_full':
      return StowFailureReason.OutOfResources;
    case 'unavailable':
    case 'study_mismatch':
      return StowFailureReason.ProcessingFailure;
  }
}

/** One part's result from the IngestService outcome. */
export function partResultOf(outcome: IngestOutcome): StowPartResult {
  if (outcome.ok) return { stored: { sopClassUid: outcome.sopClassUid, sopInstanceUid: outcome.sopInstanceUid } };
  return { refused: outcome.kind, detail: outcome.reason, sopClassUid: outcome.sopClassUid, sopInstanceUid: outcome.sopInstanceUid };
}

/**
 * The answer to a whole request: 200 when every instance was kept, 202 when some were, 409 when
 * none was; 415 when none was and every part was of a media type other than application/dicom;
 * 503 when none was and the spool was full for some (the sender should try again later).
 * `bodyBroken`: the body stopped being valid multipart after some parts (one failed item more).
 */
export function stowAnswerOf(results: StowPartResult[], bodyBroken = false): StowAnswer {
  const stored: StowStoredInstance[] = [];
  const failed: StowFailedInstance[] = [];
  for (const result of results) {
    if ('stored' in result) stored.push(result.stored);
    else failed.push({ sopClassUid: result.sopClassUid, sopInstanceUid: result.sopInstanceUid, reason: failureReasonOf(result.refused) });
  }
  if (bodyBroken) failed.push({ reason: StowFailureReason.CannotUnderstand });
  const body = stowResponseJson({ stored, failed });
  if (failed.length === 0) return { status: 200, body };
  if (stored.length > 0) return { status: 202, body };
  const refusals = results.map((r) => ('refused' in r ? r.refused : null));
  if (refusals.includes('spool_full')) return { status: 503, body, retryAfterSeconds: SPOOL_FULL_RETRY_AFTER_SECONDS };
  const wrongTypeOnly = !bodyBroken && refusals.every((r) => r === 'part_type');
  return { status: wrongTypeOnly ? 415 : 409, body };
}
