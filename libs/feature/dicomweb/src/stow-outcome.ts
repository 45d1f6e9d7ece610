import { REFUSAL_ANSWERS, type RefusalCode } from '@axiom/domain';
import type { IngestOutcome } from '@axiom/feature-ingest';
import {
  DicomJsonDataset,
  StowFailedInstance,
  StowFailureReason,
  StowStoredInstance,
  stowResponseJson,
} from '@axiom/dicomweb';

/**
 * Why one part of a STOW-RS request was not kept: a refusal code of the one table in the domain
 * (`REFUSAL_ANSWERS`), which C-STORE answers from too: the IngestService outcome kinds, and what
 * the STOW-RS layer refuses before ingest (`part_type`, `too_large`, `spool_write`,
 * `spool_full`, `study_mismatch`).
 */
export type StowRefusal = `${RefusalCode}`;

export type StowPartResult =
  | { stored: StowStoredInstance }
  | { refused: StowRefusal; detail: string; sopClassUid?: string; sopInstanceUid?: string };

export interface StowAnswer {
  status: 200 | 202 | 409 | 413 | 415 | 503;
  body: DicomJsonDataset;
  /** With a 503: when to try again (the Retry-After header). */
  retryAfterSeconds?: number;
}

/** A full spool frees up as deliveries finish, an outage passes: a sender may try again after this long. */
export const SPOOL_FULL_RETRY_AFTER_SECONDS = 30;

/** The 00081197 FailureReason of each refusal (PS3.18 10.5.3): its DIMSE status in the domain's table. */
export function failureReasonOf(refusal: StowRefusal): StowFailureReason {
  return REFUSAL_ANSWERS[refusal].dimseStatus as StowFailureReason;
}

/** One part's result from the IngestService outcome. */
export function partResultOf(outcome: IngestOutcome): StowPartResult {
  if (outcome.ok) return { stored: { sopClassUid: outcome.sopClassUid, sopInstanceUid: outcome.sopInstanceUid } };
  return {
    refused: outcome.kind,
    detail: outcome.reason,
    sopClassUid: outcome.sopClassUid,
    sopInstanceUid: outcome.sopInstanceUid,
  };
}

/**
 * The answer to a whole request: 200 when every instance was kept, 202 when some were. When none
 * was: 503 (with Retry-After) when a cause that passes refused some (the spool full or down, the
 * ledger or broker down); the HTTP status of the table when every part met the same kind of
 * refusal (415 for parts of another media type only, 413 for objects too large only); else 409.
 * `bodyBroken`: the body stopped being valid multipart after some parts (one failed item more).
 */
export function stowAnswerOf(results: StowPartResult[], bodyBroken = false): StowAnswer {
  const stored: StowStoredInstance[] = [];
  const failed: StowFailedInstance[] = [];
  for (const result of results) {
    if ('stored' in result) stored.push(result.stored);
    else
      failed.push({
        sopClassUid: result.sopClassUid,
        sopInstanceUid: result.sopInstanceUid,
        reason: failureReasonOf(result.refused),
      });
  }
  if (bodyBroken) failed.push({ reason: StowFailureReason.CannotUnderstand });
  const body = stowResponseJson({ stored, failed });
  if (failed.length === 0) return { status: 200, body };
  if (stored.length > 0) return { status: 202, body };
  const refusals = results.flatMap((r) => ('refused' in r ? [r.refused] : []));
  if (refusals.some((r) => REFUSAL_ANSWERS[r].transient))
    return { status: 503, body, retryAfterSeconds: SPOOL_FULL_RETRY_AFTER_SECONDS };
  const statuses = new Set(refusals.map((r) => REFUSAL_ANSWERS[r].httpStatus));
  const only = !bodyBroken && statuses.size === 1 ? [...statuses][0] : 409;
  return { status: only === 413 || only === 415 ? only : 409, body };
}
