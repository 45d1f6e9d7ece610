/**
 * The acceptor's side of association negotiation (PS3.8 9.3.2-9.3.4, annex D): a strict decoder
 * of A-ASSOCIATE-RQ (bounds-checked, so a malformed request is a protocol error and never an
 * exception) and the encoders of A-ASSOCIATE-AC, A-ASSOCIATE-RJ and A-ABORT.
 */
import { APPLICATION_CONTEXT, PduType, ProposedContext, encodeItem, encodePdu } from './pdu';

export interface AssociateRequest {
  protocolVersion: number;
  calledAeTitle: string;
  callingAeTitle: string;
  /** Bytes 4-67 of the request, echoed in the A-ASSOCIATE-AC as PS3.8 9.3.3 asks. */
  echoedFixedFields: Buffer;
  applicationContext: string | null;
  contexts: ProposedContext[];
  /** 0 = the peer takes PDUs of any length. */
  maxPduLength: number;
  implementationClassUid: string | null;
  implementationVersionName: string | null;
  /** Present when the peer proposed an asynchronous operations window (item 0x53). */
  asyncOperations: { invoked: number; performed: number } | null;
}

export type AssociateRqDecoding = { ok: true; request: AssociateRequest } | { ok: false; problem: string };

function text(value: Buffer): string {
  return value
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .replace(/^ +/, '');
}

interface RawItem {
  type: number;
  value: Buffer;
}

/** Splits a sequence of items (1 byte type, 1 reserved, 2 bytes length); null if one overruns. */
function items(area: Buffer): RawItem[] | null {
  const out: RawItem[] = [];
  let offset = 0;
  while (offset < area.length) {
    if (offset + 4 > area.length) return null;
    const length = area.readUInt16BE(offset + 2);
    if (offset + 4 + length > area.length) return null;
    out.push({ type: area.readUInt8(offset), value: area.subarray(offset + 4, offset + 4 + length) });
    offset += 4 + length;
  }
  return out;
}

function decodePresentationContext(value: Buffer): ProposedContext | string {
  if (value.length < 4) return 'presentation context item shorter than 4 bytes';
  const sub = items(value.subarray(4));
  if (!sub) return 'presentation context sub-item overruns its item';
  const abstract = sub.filter((s) => s.type === 0x30);
  if (abstract.length !== 1)
    return `presentation context ${value.readUInt8(0)} has ${abstract.length} abstract syntaxes`;
  return {
    id: value.readUInt8(0),
    abstractSyntax: text((abstract[0] as RawItem).value),
    transferSyntaxes: sub
      .filter((s) => s.type === 0x40)
      .map((s) => text(s.value))
      .filter((ts) => ts !== ''),
  };
}

export function decodeAssociateRq(body: Buffer): AssociateRqDecoding {
  if (body.length < 68) return { ok: false, problem: `A-ASSOCIATE-RQ of ${body.length} bytes (at least 68 expected)` };
  const all = items(body.subarray(68));
  if (!all) return { ok: false, problem: 'A-ASSOCIATE-RQ item overruns the PDU' };
  const request: AssociateRequest = {
    protocolVersion: body.readUInt16BE(0),
    calledAeTitle: text(body.subarray(4, 20)),
    callingAeTitle: text(body.subarray(20, 36)),
    echoedFixedFields: Buffer.from(body.subarray(4, 68)),
    applicationContext: null,
    contexts: [],
    maxPduLength: 0,
    implementationClassUid: null,
    implementationVersionName: null,
    asyncOperations: null,
  };
  for (const item of all) {
    if (item.type === 0x10) request.applicationContext = text(item.value);
    else if (item.type === 0x20) {
      const ctx = decodePresentationContext(item.value);
      if (typeof ctx === 'string') return { ok: false, problem: ctx };
      request.contexts.push(ctx);
    } else if (item.type === 0x50) {
      const sub = items(item.value);
      if (!sub) return { ok: false, problem: 'user information sub-item overruns its item' };
      for (const s of sub) {
        if (s.type === 0x51 && s.value.length === 4) request.maxPduLength = s.value.readUInt32BE(0);
        else if (s.type === 0x52) request.implementationClassUid = text(s.value);
        else if (s.type === 0x55) request.implementationVersionName = text(s.value);
        else if (s.type === 0x53 && s.value.length === 4) {
          request.asyncOperations = { invoked: s.value.readUInt16BE(0), performed: s.value.readUInt16BE(2) };
        }
      }
    }
  }
  return { ok: true, request };
}

/** PS3.8 table 9-18: 0 acceptance, 1 user rejection, 3 abstract syntax, 4 transfer syntaxes. */
export const ContextResult = {
  Accept: 0,
  UserRejection: 1,
  NoReason: 2,
  AbstractSyntaxNotSupported: 3,
  TransferSyntaxesNotSupported: 4,
} as const;

export interface ContextAnswer {
  id: number;
  result: number;
  /** The accepted transfer syntax; ignored by the peer when the context is rejected. */
  transferSyntax: string;
}

export function encodeAssociateAc(params: {
  request: AssociateRequest;
  answers: ContextAnswer[];
  maxPduLength: number;
  implementationClassUid: string;
  implementationVersionName: string;
}): Buffer {
  const fixed = Buffer.alloc(68);
  fixed.writeUInt16BE(1, 0);
  params.request.echoedFixedFields.copy(fixed, 4);
  const parts: Buffer[] = [fixed, encodeItem(0x10, Buffer.from(APPLICATION_CONTEXT, 'latin1'))];
  for (const answer of params.answers) {
    parts.push(
      encodeItem(
        0x21,
        Buffer.concat([
          Buffer.from([answer.id, 0, answer.result, 0]),
          encodeItem(0x40, Buffer.from(answer.transferSyntax, 'latin1')),
        ]),
      ),
    );
  }
  const maxLength = Buffer.alloc(4);
  maxLength.writeUInt32BE(params.maxPduLength, 0);
  const user = [encodeItem(0x51, maxLength), encodeItem(0x52, Buffer.from(params.implementationClassUid, 'latin1'))];
  // we perform one operation at a time: a proposed window is answered 1/1 (PS3.7 D.3.3.3)
  if (params.request.asyncOperations) user.push(encodeItem(0x53, Buffer.from([0, 1, 0, 1])));
  user.push(encodeItem(0x55, Buffer.from(params.implementationVersionName, 'latin1')));
  parts.push(encodeItem(0x50, Buffer.concat(user)));
  return encodePdu(PduType.AssociateAc, Buffer.concat(parts));
}

/** PS3.8 table 9-21. */
export const RejectResult = { Permanent: 1, Transient: 2 } as const;
export const RejectSource = { ServiceUser: 1, ServiceProviderAcse: 2, ServiceProviderPresentation: 3 } as const;
export const RejectReason = {
  NoReasonGiven: 1,
  ApplicationContextNotSupported: 2,
  CallingAeNotRecognized: 3,
  CalledAeNotRecognized: 7,
  /** With source 2 (ACSE). */
  ProtocolVersionNotSupported: 2,
  /** With source 3 (presentation). */
  TemporaryCongestion: 1,
  LocalLimitExceeded: 2,
} as const;

export interface Rejection {
  result: number;
  source: number;
  reason: number;
}

export function encodeAssociateRj(rejection: Rejection): Buffer {
  return encodePdu(PduType.AssociateRj, Buffer.from([0, rejection.result, rejection.source, rejection.reason]));
}

/** PS3.8 table 9-26: source 0 service user, 2 service provider; reasons for source 2. */
export const AbortSource = { ServiceUser: 0, ServiceProvider: 2 } as const;
export const AbortReason = {
  NotSpecified: 0,
  UnrecognizedPdu: 1,
  UnexpectedPdu: 2,
  UnrecognizedPduParameter: 4,
  UnexpectedPduParameter: 5,
  InvalidPduParameterValue: 6,
} as const;

export function encodeAbortPdu(source: number, reason: number): Buffer {
  return encodePdu(PduType.Abort, Buffer.from([0, 0, source, source === AbortSource.ServiceProvider ? reason : 0]));
}
