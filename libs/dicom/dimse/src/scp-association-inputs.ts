import { randomUUID } from 'node:crypto';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '@axiom/dicom-io';
import {
  AbortReason,
  AbortSource,
  AssociateRequest,
  ContextAnswer,
  Rejection,
  encodeAbortPdu,
  encodeAssociateAc,
} from './associate-pdu';
import { decideAssociation, duplicateOrEvenContextId } from './association-policy';
import { DulEvent, DulState } from './dul-state-machine';
import { PduType } from './pdu';
import { printable } from './printable';
import { EventInput } from './scp-pdus';
import { ScpTimerKind } from './scp-timer';
import { AssociationInfo, ScpLimits } from './scp-types';

/** The SCP association's decisions that need none of its state: PDU limits, the verdict on a request, timer expiries, aborts. */

const SMALL_PDU_LIMIT = 64 * 1024;

/** The longest PDU of `type` an SCP announcing `maxPduLength` takes; null for a type it does not know. */
export function scpPduLimit(type: number, maxPduLength: number): number | null {
  if (type === PduType.PDataTf) return maxPduLength;
  if (type === PduType.ReleaseRq || type === PduType.ReleaseRp || type === PduType.Abort) return 4;
  if (type >= PduType.AssociateRq && type <= PduType.AssociateRj) return Math.max(maxPduLength, SMALL_PDU_LIMIT);
  return null;
}

/** An abort's input: the A-ABORT's source and reason (PS3.8 9.3.8), and why in words for the event log. */
export function abortInput(source: number, reason: number, why: string): EventInput {
  return { abort: { source, reason, why } };
}

/** The service user's abort (ours: shutdown, a timeout, DIMSE handling giving up), reason not specified. */
export function userAbort(why: string): EventInput {
  return abortInput(AbortSource.ServiceUser, AbortReason.NotSpecified, why);
}

/** The service provider's abort for a P-DATA that breaks the protocol: an invalid PDU, or a DIMSE error. */
export function protocolErrorInput(kind: 'pdu' | 'dimse', why: string): EventInput {
  return abortInput(
    AbortSource.ServiceProvider,
    kind === 'pdu' ? AbortReason.InvalidPduParameterValue : AbortReason.NotSpecified,
    why,
  );
}

/** The A-ABORT PDU for an abort input (the service user's, reason not specified, when it has none). */
export function abortPdu(abort: EventInput['abort']): Buffer {
  return encodeAbortPdu(abort?.source ?? AbortSource.ServiceUser, abort?.reason ?? AbortReason.NotSpecified);
}

/**
 * What an A-ASSOCIATE-RQ from `peerAddress` leads to: Evt8 (rejected: over the local limit, or
 * refused by policy, with the line to log), Evt15 (an even or repeated context id), or Evt7 with
 * the answers to its presentation contexts.
 */
export function requestVerdict(
  request: AssociateRequest,
  aeTitle: string,
  overLimit: Rejection | null,
  peerAddress: string,
): { event: DulEvent; input: EventInput; refusal?: string } {
  const who = `${printable(request.callingAeTitle)}@${peerAddress}`;
  if (overLimit) {
    const refusal = `association from ${who} refused: local limit of concurrent associations exceeded`;
    return { event: 'Evt8', input: { rejection: overLimit }, refusal };
  }
  const badId = duplicateOrEvenContextId(request);
  if (badId !== null) {
    const why = `presentation context id ${badId} is even or repeated`;
    return {
      event: 'Evt15',
      input: abortInput(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue, why),
    };
  }
  const decision = decideAssociation(request, aeTitle);
  if (!decision.accept) {
    const refusal = `association from ${who} rejected: ${printable(decision.why)}`;
    return { event: 'Evt8', input: { rejection: decision.rejection }, refusal };
  }
  return { event: 'Evt7', input: { request, answers: decision.answers } };
}

/** The event log's line about an aborted association (the calling AE title is unknown before the request). */
export function abortReport(callingAeTitle: string | undefined, peerAddress: string, why: string): string {
  return `association from ${callingAeTitle !== undefined ? printable(callingAeTitle) : '?'}@${peerAddress} aborted: ${printable(why)}`;
}

/** The A-ASSOCIATE-AC accepting `request` with `answers`, announcing `maxPduLength`. */
export function acceptPdu(request: AssociateRequest, answers: ContextAnswer[], maxPduLength: number): Buffer {
  return encodeAssociateAc({
    request,
    answers,
    maxPduLength,
    implementationClassUid: IMPLEMENTATION_CLASS_UID,
    implementationVersionName: IMPLEMENTATION_VERSION_NAME,
  });
}

/** The accepted association's description for ingest and the log, with a fresh association id. */
export function associationInfo(sourceName: string, request: AssociateRequest, peerAddress: string): AssociationInfo {
  return {
    sourceName,
    callingAeTitle: request.callingAeTitle,
    calledAeTitle: request.calledAeTitle,
    peerAddress,
    associationId: randomUUID(),
  };
}

/** What an expired timer raises in `state`: ARTIM is Evt18, the idle and PDU timeouts an A-ABORT (Evt15). */
export function timerExpiry(kind: ScpTimerKind, ms: number, state: DulState): { event: DulEvent; input: EventInput } {
  if (kind === 'artim') {
    // only a connection that never asked for an association is worth a log line
    const abort =
      state === 'Sta2'
        ? {
            source: AbortSource.ServiceProvider,
            reason: AbortReason.NotSpecified,
            why: `no A-ASSOCIATE-RQ within ${ms} ms (ARTIM)`,
          }
        : undefined;
    return { event: 'Evt18', input: { abort } };
  }
  const why = kind === 'idle' ? `idle for ${ms} ms` : `no PDU for ${ms} ms inside a message`;
  return { event: 'Evt15', input: userAbort(why) };
}

/**
 * The receive timer of an established association: the PDU timeout while a PDU or a message is
 * incomplete, the idle timeout when nothing is in progress on either side, none while the sender
 * waits for us (responses pending, or the socket paused by a slow disk).
 */
export function receiveTimerKind(holding: boolean, inMessage: boolean, waitingForUs: boolean): ScpTimerKind | null {
  return holding ? null : inMessage ? 'pdu' : waitingForUs ? null : 'idle';
}

/** How long a timer of `kind` runs: ARTIM `artimMs`, the others as the listener's limits say. */
export function timerMs(kind: ScpTimerKind, limits: ScpLimits, artimMs: number): number {
  return kind === 'artim' ? artimMs : kind === 'idle' ? limits.idleTimeoutMs : limits.pduTimeoutMs;
}
