import {
  AbortReason,
  AbortSource,
  AssociateRequest,
  ContextAnswer,
  Rejection,
  decodeAssociateRq,
} from './associate-pdu';
import { DulEvent, DulState, eventForPduType } from './dul-state-machine';
import { pDataHeader } from './pdu';
import { PduFramingError, ReceivedPdu } from './pdu-reader';

/** What an event of the SCP's state machine carries to its action. */
export interface EventInput {
  pdu?: ReceivedPdu;
  /** A P-DATA-TF whose body streams in after the event (its declared length). */
  streamedLength?: number;
  request?: AssociateRequest;
  answers?: ContextAnswer[];
  rejection?: Rejection;
  /** For DT-1/AR-7: a response command set and its context. */
  response?: { contextId: number; command: Buffer };
  /** For the aborts: what went wrong (for the A-ABORT PDU and the event log). */
  abort?: { source: number; reason: number; why: string };
}

/** A-ABORT by the service provider for a malformed PDU (Evt19's input). */
function invalidPdu(why: string): EventInput {
  return { abort: { source: AbortSource.ServiceProvider, reason: AbortReason.InvalidPduParameterValue, why } };
}

/**
 * A whole PDU received in `state` as its state-machine event: an A-ASSOCIATE-RQ in Sta2 decoded
 * (undecodable: Evt19), a release or abort PDU of a length other than 4 is Evt19, any other PDU
 * its own event, carrying the abort to send if that event is unexpected in this state.
 */
export function pduEvent(pdu: ReceivedPdu, state: DulState): { event: DulEvent; input: EventInput } {
  const event = eventForPduType(pdu.type);
  if (event === 'Evt6' && state === 'Sta2') {
    const decoded = decodeAssociateRq(Buffer.concat(pdu.pieces, pdu.length));
    return decoded.ok
      ? { event, input: { request: decoded.request } }
      : { event: 'Evt19', input: invalidPdu(decoded.problem) };
  }
  if ((event === 'Evt12' || event === 'Evt13' || event === 'Evt16') && pdu.length !== 4) {
    return { event: 'Evt19', input: invalidPdu(`PDU type ${pdu.type} of length ${pdu.length}`) };
  }
  return {
    event,
    input: {
      pdu,
      abort: {
        source: AbortSource.ServiceProvider,
        reason: AbortReason.UnexpectedPdu,
        why: `unexpected PDU type ${pdu.type} in ${state}`,
      },
    },
  };
}

/** A framing error (unrecognized PDU type, a PDU longer than allowed) as Evt19's input. */
export function framingErrorInput(error: PduFramingError): EventInput {
  if (error.kind === 'unrecognized-pdu') {
    return {
      abort: {
        source: AbortSource.ServiceProvider,
        reason: AbortReason.UnrecognizedPdu,
        why: `unrecognized PDU type 0x${error.type.toString(16)}`,
      },
    };
  }
  return invalidPdu(`PDU type ${error.type} declares ${error.declared} bytes, more than the ${error.limit} allowed`);
}

/** One response command set as P-DATA-TF PDUs, each PDV no longer than the peer said it takes. */
export function responsePdus(response: { contextId: number; command: Buffer }, peerMaxPdu: number): Buffer[] {
  const room = peerMaxPdu > 12 ? peerMaxPdu - 6 : response.command.length;
  const pdus: Buffer[] = [];
  for (let offset = 0; offset < response.command.length || offset === 0; offset += room) {
    const part = response.command.subarray(offset, offset + room);
    const last = offset + room >= response.command.length;
    pdus.push(Buffer.concat([pDataHeader(response.contextId, part.length, true, last), part]));
    if (last) break;
  }
  return pdus;
}
