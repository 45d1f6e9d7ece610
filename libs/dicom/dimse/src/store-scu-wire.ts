import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '@axiom/dicom-io';
import { AcceptedContext, ProposedContext, encodeAssociateRq, pDataHeader } from './pdu';
import { DimseError, PresentationNeed, ScuPeer } from './scu-types';

/** The C-STORE SCU's wire pieces: its A-ASSOCIATE-RQ and the answers, a data set block's PDUs (the connection is scu-wire's). */

const OUR_MAX_PDU = 262144;

/** A context the peer answered, with the SOP class and the transfer syntax we proposed in it. */
export type StoreContext = AcceptedContext & { abstractSyntax: string; proposedSyntax: string };

/** One context per distinct (SOP class, transfer syntax) of `needs`, with odd ids 1, 3, 5…, and their keys; at most 128. */
export function proposeStoreContexts(needs: PresentationNeed[]): { proposed: ProposedContext[]; keys: Set<string> } {
  const proposed: ProposedContext[] = [];
  const keys = new Set<string>();
  for (const need of needs) {
    const key = `${need.sopClassUid}|${need.transferSyntaxUid}`;
    if (keys.has(key)) continue;
    keys.add(key);
    if (proposed.length >= 128) throw new DimseError('more than 128 presentation contexts needed on one association');
    proposed.push({
      id: proposed.length * 2 + 1,
      abstractSyntax: need.sopClassUid,
      transferSyntaxes: [need.transferSyntaxUid],
    });
  }
  return { proposed, keys };
}

/** The A-ASSOCIATE-RQ proposing `proposed` to `peer`. */
export function storeAssociateRq(peer: ScuPeer, proposed: ProposedContext[]): Buffer {
  return encodeAssociateRq({
    callingAe: peer.callingAeTitle,
    calledAe: peer.calledAeTitle,
    contexts: proposed,
    maxPduLength: OUR_MAX_PDU,
    implementationClassUid: IMPLEMENTATION_CLASS_UID,
    implementationVersionName: IMPLEMENTATION_VERSION_NAME,
  });
}

/** Records each answered context of `answers` that we proposed, by id, with what we proposed in it. */
export function recordStoreAnswers(
  answers: AcceptedContext[],
  proposed: ProposedContext[],
  into: Map<number, StoreContext>,
): void {
  for (const ctx of answers) {
    const p = proposed.find((x) => x.id === ctx.id);
    if (p)
      into.set(ctx.id, {
        ...ctx,
        abstractSyntax: p.abstractSyntax,
        proposedSyntax: p.transferSyntaxes[0] ?? '',
      });
  }
}

/**
 * Appends to `parts` one block of a data set as P-DATA-TF PDUs of one PDV each, values of at most
 * `maxValue` bytes; the last PDV of the data set's `lastBlock` is marked last.
 */
export function pushBlockPdus(
  parts: Buffer[],
  contextId: number,
  buf: Buffer,
  maxValue: number,
  lastBlock: boolean,
): void {
  for (let o = 0; o < buf.length; o += maxValue) {
    const value = buf.subarray(o, Math.min(buf.length, o + maxValue));
    // blocks are whole multiples of maxValue (even), so the padded last PDV is even too
    parts.push(pDataHeader(contextId, value.length, false, o + value.length >= buf.length && lastBlock), value);
  }
}
