import {
  ContextResult,
  RejectReason,
  RejectResult,
  RejectSource,
  decodeAssociateRq,
  encodeAbortPdu,
  encodeAssociateAc,
  encodeAssociateRj,
} from './associate-pdu';
import { decideAssociation } from './association-policy';
import { decodeAssociateAc, encodeAssociateRq } from './pdu';
import { printable } from './printable';
import { associateRq } from './testing/raw-dul-peer';

const rq = encodeAssociateRq({
  callingAe: 'MODALITY',
  calledAe: 'AXIOM',
  maxPduLength: 32768,
  implementationClassUid: '1.2.3',
  implementationVersionName: 'TEST_1',
  contexts: [
    {
      id: 1,
      abstractSyntax: '1.2.840.10008.5.1.4.1.1.2',
      transferSyntaxes: ['1.2.840.10008.1.2.4.70', '1.2.840.10008.1.2.1'],
    },
  ],
});

describe('A-ASSOCIATE-RQ decoding', () => {
  it('reads AE titles, contexts and user information', () => {
    const decoded = decodeAssociateRq(rq.subarray(6));
    expect(decoded).toEqual({
      ok: true,
      request: expect.objectContaining({
        protocolVersion: 1,
        calledAeTitle: 'AXIOM',
        callingAeTitle: 'MODALITY',
        applicationContext: '1.2.840.10008.3.1.1.1',
        maxPduLength: 32768,
        implementationClassUid: '1.2.3',
        implementationVersionName: 'TEST_1',
        asyncOperations: null,
        contexts: [
          {
            id: 1,
            abstractSyntax: '1.2.840.10008.5.1.4.1.1.2',
            transferSyntaxes: ['1.2.840.10008.1.2.4.70', '1.2.840.10008.1.2.1'],
          },
        ],
      }),
    });
  });

  it('reads a proposed asynchronous operations window', () => {
    const decoded = decodeAssociateRq(associateRq({ asyncOps: { invoked: 16, performed: 16 } }).subarray(6));
    expect(decoded.ok && decoded.request.asyncOperations).toEqual({ invoked: 16, performed: 16 });
  });

  it.each([
    ['shorter than the fixed fields', rq.subarray(6, 60)],
    ['cut inside an item', rq.subarray(6, rq.length - 3)],
    ['an item length past the end', Buffer.concat([rq.subarray(6, 74), Buffer.from([0x10, 0, 0xff, 0xff])])],
  ])('refuses a request %s without throwing', (_name, body) => {
    expect(decodeAssociateRq(body).ok).toBe(false);
  });

  it('refuses a presentation context with two abstract syntaxes', () => {
    const body = Buffer.from(rq.subarray(6));
    const at = body.indexOf(Buffer.from([0x40, 0x00]));
    body.writeUInt8(0x30, at);
    expect(decodeAssociateRq(body)).toEqual({ ok: false, problem: expect.stringMatching(/abstract syntaxes/) });
  });
});

describe('A-ASSOCIATE-AC, -RJ and A-ABORT encoding', () => {
  it('answers with our maximum length and the accepted transfer syntax, readable by our SCU decoder', () => {
    const decoded = decodeAssociateRq(rq.subarray(6));
    if (!decoded.ok) throw new Error(decoded.problem);
    const decision = decideAssociation(decoded.request, 'AXIOM');
    if (!decision.accept) throw new Error(decision.why);
    const ac = encodeAssociateAc({
      request: decoded.request,
      answers: decision.answers,
      maxPduLength: 1 << 20,
      implementationClassUid: '1.2.9',
      implementationVersionName: 'AXIOM',
    });
    expect(ac.readUInt8(0)).toBe(0x02);
    expect(ac.readUInt32BE(2)).toBe(ac.length - 6);
    expect(ac.subarray(10, 26).toString('latin1')).toBe('AXIOM           ');
    expect(decodeAssociateAc(ac.subarray(6))).toEqual({
      maxPduLength: 1 << 20,
      contexts: [{ id: 1, result: ContextResult.Accept, transferSyntax: '1.2.840.10008.1.2.4.70' }],
      roles: [],
    });
    expect(ac.includes(Buffer.from([0x53, 0, 0, 4]))).toBe(false);
  });

  it('answers a proposed window 1/1', () => {
    const decoded = decodeAssociateRq(associateRq({ asyncOps: { invoked: 16, performed: 16 } }).subarray(6));
    if (!decoded.ok) throw new Error(decoded.problem);
    const ac = encodeAssociateAc({
      request: decoded.request,
      answers: [],
      maxPduLength: 16384,
      implementationClassUid: '1.2.9',
      implementationVersionName: 'AXIOM',
    });
    expect(ac.includes(Buffer.from([0x53, 0, 0, 4, 0, 1, 0, 1]))).toBe(true);
  });

  it('encodes A-ASSOCIATE-RJ and A-ABORT', () => {
    expect([
      ...encodeAssociateRj({
        result: RejectResult.Transient,
        source: RejectSource.ServiceProviderPresentation,
        reason: RejectReason.LocalLimitExceeded,
      }),
    ]).toEqual([0x03, 0, 0, 0, 0, 4, 0, 2, 3, 2]);
    expect([...encodeAbortPdu(2, 6)]).toEqual([0x07, 0, 0, 0, 0, 4, 0, 0, 2, 6]);
    expect([...encodeAbortPdu(0, 6)]).toEqual([0x07, 0, 0, 0, 0, 4, 0, 0, 0, 0]);
  });

  it('rejects another called AE, a foreign application context and an empty context list', () => {
    const decoded = decodeAssociateRq(rq.subarray(6));
    if (!decoded.ok) throw new Error(decoded.problem);
    expect(decideAssociation(decoded.request, 'OTHER')).toEqual(
      expect.objectContaining({ accept: false, rejection: { result: 1, source: 1, reason: 7 } }),
    );
    expect(decideAssociation({ ...decoded.request, applicationContext: '1.2.3' }, 'AXIOM')).toEqual(
      expect.objectContaining({ accept: false, rejection: { result: 1, source: 1, reason: 2 } }),
    );
    expect(decideAssociation({ ...decoded.request, contexts: [] }, 'AXIOM')).toEqual(
      expect.objectContaining({ accept: false, rejection: { result: 1, source: 1, reason: 1 } }),
    );
    expect(decideAssociation({ ...decoded.request, protocolVersion: 2 }, 'AXIOM')).toEqual(
      expect.objectContaining({ accept: false, rejection: { result: 1, source: 2, reason: 2 } }),
    );
  });
});

describe('printable', () => {
  it.each([
    ['AXIOM', 'AXIOM'],
    ['EV\nIL', 'EV\\x0aIL'],
    ['\x1b[31mred', '\\x1b[31mred'],
    ['back\\slash', 'back\\\\slash'],
    ['caf\u00e9 \u2028', 'caf\\xe9 \\u{2028}'],
  ])('%j -> %j', (input, output) => expect(printable(input)).toBe(output));

  it('cuts long values', () => expect(printable('x'.repeat(1000), 10)).toBe('xxxxxxxxxx...'));
});
