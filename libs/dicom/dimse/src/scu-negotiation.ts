import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '@axiom/dicom-io';
import {
  AcceptedContext,
  PduType,
  ProposedContext,
  RoleSelection,
  encodeAssociateRq,
  presentationContextResultText,
} from './pdu';
import { PduFramingError } from './pdu-reader';
import { rejectReasonText } from './scu-wire';
import { DimseError, ScuPeer } from './scu-types';

export interface ScuAssociationTimeouts {
  /** TCP connect. */
  connectTimeoutMs: number;
  /** From the A-ASSOCIATE-RQ to the peer's answer, and for the A-RELEASE-RP. */
  associationTimeoutMs: number;
  /** While we wait for the peer: the longest silence between two PDUs. */
  responseTimeoutMs: number;
}

export interface ScuAssociationParams {
  peer: ScuPeer;
  timeouts: ScuAssociationTimeouts;
  contexts: { abstractSyntax: string; transferSyntaxes: string[] }[];
  roleSelections?: RoleSelection[];
  /** The largest P-DATA-TF we announce and accept. */
  maxPduLength: number;
}

/** A context the peer answered, with the abstract syntax we proposed in it. */
export type AnsweredContext = AcceptedContext & { abstractSyntax: string };

const SMALL_PDU_LIMIT = 64 * 1024;

/** The longest PDU of `type` a requestor announcing `maxPduLength` takes; null for a type it does not know. */
export function scuPduLimit(type: number, maxPduLength: number): number | null {
  if (type === PduType.PDataTf) return maxPduLength;
  if (type === PduType.ReleaseRq || type === PduType.ReleaseRp || type === PduType.Abort) return 4;
  if (type >= PduType.AssociateRq && type <= PduType.AssociateRj) return SMALL_PDU_LIMIT;
  return null;
}

/** The contexts to propose, with odd ids 1, 3, 5…; throws a DimseError unless there are 1 to 128. */
export function proposeContexts(params: ScuAssociationParams, peerName: string): ProposedContext[] {
  const proposed: ProposedContext[] = params.contexts.map((c, i) => ({ id: i * 2 + 1, ...c }));
  if (proposed.length === 0 || proposed.length > 128)
    throw new DimseError(`${proposed.length} presentation contexts to propose to ${peerName} (1 to 128 allowed)`);
  return proposed;
}

/** The A-ASSOCIATE-RQ proposing `proposed` to the peer of `params`. */
export function associateRqPdu(params: ScuAssociationParams, proposed: ProposedContext[]): Buffer {
  return encodeAssociateRq({
    callingAe: params.peer.callingAeTitle,
    calledAe: params.peer.calledAeTitle,
    contexts: proposed,
    maxPduLength: params.maxPduLength,
    roleSelections: params.roleSelections,
    implementationClassUid: IMPLEMENTATION_CLASS_UID,
    implementationVersionName: IMPLEMENTATION_VERSION_NAME,
  });
}

/** An A-ASSOCIATE-RJ's body as the error naming the peer, its result, source and reason. */
export function rejectionError(body: Buffer, peerName: string): DimseError {
  return new DimseError(
    `association rejected by ${peerName} (result ${body.readUInt8(1)}, source ${body.readUInt8(2)}, reason ${body.readUInt8(3)}: ${rejectReasonText(body.readUInt8(2), body.readUInt8(3))})`,
  );
}

/** Records each answered context of `answers` that we proposed, by id, with its abstract syntax. */
export function recordAnswers(
  answers: AcceptedContext[],
  proposed: ProposedContext[],
  into: Map<number, AnsweredContext>,
): void {
  for (const ctx of answers) {
    const p = proposed.find((x) => x.id === ctx.id);
    if (p) into.set(ctx.id, { ...ctx, abstractSyntax: p.abstractSyntax });
  }
}

/** Why an abstract syntax has no accepted context, from the peer's answers (for error messages). */
export function refusalText(answered: Iterable<AnsweredContext>, abstractSyntax: string, peerName: string): string {
  const answers = [...answered].filter((c) => c.abstractSyntax === abstractSyntax);
  if (answers.length === 0) return `${peerName} did not answer the presentation context for ${abstractSyntax}`;
  return `${peerName} refused ${abstractSyntax} (${answers.map((a) => presentationContextResultText(a.result)).join(', ')})`;
}

/** An A-ABORT PDU's body as the error naming the peer, its source and reason (-1 when the body is short). */
export function peerAbortError(body: Buffer, peerName: string): DimseError {
  const source = body.length >= 4 ? body.readUInt8(2) : -1;
  const reason = body.length >= 4 ? body.readUInt8(3) : -1;
  return new DimseError(`${peerName} aborted the association (A-ABORT source ${source}, reason ${reason})`);
}

/** Why a framing error aborts the association: an unrecognized PDU type, or a PDU longer than allowed. */
export function framingErrorText(error: PduFramingError, peerName: string): string {
  return error.kind === 'unrecognized-pdu'
    ? `${peerName} sent an unrecognized PDU type 0x${error.type.toString(16)}`
    : `${peerName} sent a PDU of type ${error.type} declaring ${error.declared} bytes, more than the ${error.limit} allowed`;
}
