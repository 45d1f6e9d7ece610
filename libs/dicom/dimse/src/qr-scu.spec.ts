import { Server, Socket, createServer } from 'node:net';
import {
  AssociateRequest,
  decodeAssociateRq,
  encodeAbortPdu,
  encodeAssociateAc,
  encodeAssociateRj,
} from './associate-pdu';
import { encodeResponse } from './dimse-command';
import { PduType, decodeAssociateAc, encodeAssociateRq, encodeItem, encodePdu, pDataHeader } from './pdu';
import { QrCommandField, decodeQrMessage, encodeQrRequest } from './qr-commands';
import { QrIdentifierError, decodeIdentifier, encodeIdentifier } from './qr-identifier';
import { QrClient } from './qr-scu';

/**
 * The Q/R SCU against a scripted peer on our own DUL encoders: every wait bounded, every failure
 * naming the peer, the peer's maximum PDU respected, ours enforced, A-ABORT and A-ASSOCIATE-RJ
 * reported; and the pure parts (role selection, the dcmtk status-detail quirk, identifiers).
 */
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const FAST = { connectTimeoutMs: 1000, associationTimeoutMs: 400, responseTimeoutMs: 400 };

interface Pdu {
  type: number;
  body: Buffer;
}

/** A peer that frames the PDUs it receives and lets the test answer each. */
class ScriptedPeer {
  readonly pdus: Pdu[] = [];
  private server: Server | null = null;
  port = 0;

  constructor(private readonly onPdu: (pdu: Pdu, socket: Socket) => void) {}

  async start(): Promise<void> {
    this.server = createServer((socket) => {
      let pending = Buffer.alloc(0);
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 6 && pending.length >= 6 + pending.readUInt32BE(2)) {
          const pdu = { type: pending.readUInt8(0), body: pending.subarray(6, 6 + pending.readUInt32BE(2)) };
          pending = pending.subarray(6 + pdu.body.length);
          this.pdus.push(pdu);
          this.onPdu(pdu, socket);
        }
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    const a = this.server.address();
    this.port = typeof a === 'object' && a ? a.port : 0;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()));
  }
}

/** Accepts every proposed context in explicit VR LE, announcing `maxPduLength`. */
function accept(body: Buffer, maxPduLength = 16384): Buffer {
  const decoded = decodeAssociateRq(body);
  if (!decoded.ok) throw new Error(decoded.problem);
  const request: AssociateRequest = decoded.request;
  return encodeAssociateAc({
    request,
    maxPduLength,
    implementationClassUid: '1.2.3',
    implementationVersionName: 'SCRIPTED',
    answers: request.contexts.map((c) => ({ id: c.id, result: 0, transferSyntax: EXPLICIT_LE })),
  });
}

const peerOf = (port: number) => ({
  host: '127.0.0.1',
  port,
  calledAeTitle: 'SCRIPTED',
  callingAeTitle: 'AXIOM_QR_SCU',
});

describe('QrClient robustness', () => {
  const peers: ScriptedPeer[] = [];
  async function peer(onPdu: (pdu: Pdu, socket: Socket) => void): Promise<ScriptedPeer> {
    const p = new ScriptedPeer(onPdu);
    await p.start();
    peers.push(p);
    return p;
  }
  afterAll(async () => {
    await Promise.all(peers.map((p) => p.stop()));
  });

  it('gives up on a peer that never answers the association request, naming it', async () => {
    const p = await peer(() => undefined);
    await expect(QrClient.open({ peer: peerOf(p.port), find: ['study'], timeouts: FAST })).rejects.toThrow(
      `SCRIPTED@127.0.0.1:${p.port} did not answer within 400 ms`,
    );
  });

  it('reports an A-ASSOCIATE-RJ with its reason in words', async () => {
    const p = await peer((pdu, s) => {
      if (pdu.type === PduType.AssociateRq) s.write(encodeAssociateRj({ result: 1, source: 1, reason: 7 }));
    });
    await expect(QrClient.open({ peer: peerOf(p.port), find: ['study'], timeouts: FAST })).rejects.toThrow(
      /association rejected by SCRIPTED@.*called AE title not recognized/,
    );
  });

  it('reports an A-ABORT in the middle of a C-FIND', async () => {
    const p = await peer((pdu, s) => {
      if (pdu.type === PduType.AssociateRq) s.write(accept(pdu.body));
      if (pdu.type === PduType.PDataTf) s.write(encodeAbortPdu(2, 0));
    });
    const client = await QrClient.open({ peer: peerOf(p.port), find: ['study'], timeouts: FAST });
    await expect(client.find({ level: 'STUDY', keys: { StudyInstanceUID: '' } })).rejects.toThrow(
      /SCRIPTED@.* aborted the association \(A-ABORT source 2, reason 0\)/,
    );
  });

  it('aborts when a response is overdue', async () => {
    const p = await peer((pdu, s) => {
      if (pdu.type === PduType.AssociateRq) s.write(accept(pdu.body));
    });
    const client = await QrClient.open({ peer: peerOf(p.port), find: ['study'], timeouts: FAST });
    await expect(client.find({ level: 'STUDY', keys: { StudyInstanceUID: '' } })).rejects.toThrow(
      /sent nothing for 400 ms while a response was due/,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(p.pdus.at(-1)?.type).toBe(PduType.Abort);
  });

  it("cuts its messages to the peer's maximum PDU and refuses PDUs above its own", async () => {
    const small = 64;
    let contextId = 1;
    const p = await peer((pdu, s) => {
      if (pdu.type === PduType.AssociateRq) {
        contextId =
          (decodeAssociateRq(pdu.body) as { ok: true; request: AssociateRequest }).request.contexts[0]?.id ?? 1;
        s.write(accept(pdu.body, small));
      }
      const pdv = pdu.type === PduType.PDataTf ? pdu.body.readUInt8(5) : 0;
      // the identifier's last fragment: answer with a PDU far above what the SCU announced
      if (pdu.type === PduType.PDataTf && (pdv & 3) === 2) s.write(encodePdu(PduType.PDataTf, Buffer.alloc(300_000)));
    });
    const client = await QrClient.open({ peer: peerOf(p.port), find: ['study'], timeouts: FAST, maxPduLength: 65536 });
    await expect(
      client.find({ level: 'STUDY', keys: { PatientID: 'X'.repeat(60), StudyInstanceUID: '', StudyDescription: '' } }),
    ).rejects.toThrow(/declaring 300000 bytes, more than the 65536 allowed/);
    const data = p.pdus.filter((x) => x.type === PduType.PDataTf);
    expect(data.length).toBeGreaterThan(3);
    for (const d of data) expect(d.body.length).toBeLessThanOrEqual(small);
    expect(data.every((d) => d.body.readUInt8(4) === contextId)).toBe(true);
  });

  it('collects pending identifiers and ends on the final response', async () => {
    const p = await peer((pdu, s) => {
      if (pdu.type === PduType.AssociateRq) s.write(accept(pdu.body));
      if (pdu.type !== PduType.PDataTf || (pdu.body.readUInt8(5) & 3) !== 2) return;
      const id = pdu.body.readUInt8(4);
      const rsp = (status: number, dataSet: boolean) => {
        const command = encodeResponse({
          commandField: QrCommandField.CFindRsp,
          messageIdBeingRespondedTo: 1,
          status,
          affectedSopClassUid: '1.2.840.10008.5.1.4.1.2.2.1',
        });
        // encodeResponse announces no data set: patch (0000,0800) for the pending ones
        if (dataSet)
          command.writeUInt16LE(
            0x0000,
            command.indexOf(Buffer.from([0x00, 0x00, 0x00, 0x08, 0x02, 0x00, 0x00, 0x00])) + 8,
          );
        s.write(Buffer.concat([pDataHeader(id, command.length, true, true), command]));
      };
      for (const uid of ['1.2.3', '1.2.4']) {
        rsp(0xff00, true);
        const identifier = encodeIdentifier({ StudyInstanceUID: uid, PatientID: 'P1' }, EXPLICIT_LE);
        s.write(Buffer.concat([pDataHeader(id, identifier.length, false, true), identifier]));
      }
      rsp(0x0000, false);
    });
    const client = await QrClient.open({ peer: peerOf(p.port), find: ['study'], timeouts: FAST });
    const matches = await client.find({ level: 'STUDY', keys: { PatientID: 'P1', StudyInstanceUID: '' } });
    await client.release();
    expect(matches).toEqual([
      { PatientID: 'P1', StudyInstanceUID: '1.2.3' },
      { PatientID: 'P1', StudyInstanceUID: '1.2.4' },
    ]);
  });
});

describe('Q/R encoding', () => {
  it("proposes the SCP role for storage SOP classes and reads the peer's answer (PS3.7 D.3.3.4)", () => {
    const rq = encodeAssociateRq({
      callingAe: 'A',
      calledAe: 'B',
      contexts: [{ id: 1, abstractSyntax: '1.2.840.10008.5.1.4.1.1.2', transferSyntaxes: [EXPLICIT_LE] }],
      maxPduLength: 16384,
      implementationClassUid: '1.2.3',
      implementationVersionName: 'T',
      roleSelections: [{ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', scu: false, scp: true }],
    });
    const item = rq.indexOf(Buffer.from([0x54, 0x00]));
    expect(item).toBeGreaterThan(0);
    const uid = '1.2.840.10008.5.1.4.1.1.2';
    expect(rq.subarray(item, item + 4 + 2 + uid.length + 2)).toEqual(
      Buffer.concat([
        Buffer.from([0x54, 0, 0, 2 + uid.length + 2, 0, uid.length]),
        Buffer.from(uid),
        Buffer.from([0, 1]),
      ]),
    );
    // an A-ASSOCIATE-AC body whose user information carries the same item back
    const maxLength = Buffer.alloc(4);
    maxLength.writeUInt32BE(16384, 0);
    const withRole = Buffer.concat([
      Buffer.alloc(68),
      encodeItem(0x50, Buffer.concat([encodeItem(0x51, maxLength), rq.subarray(item, item + 4 + 2 + uid.length + 2)])),
    ]);
    expect(decodeAssociateAc(withRole).roles).toEqual([{ sopClassUid: uid, scu: false, scp: true }]);
  });

  it('tolerates status detail inside a response command (dcmtk) and refuses it in a request', () => {
    const response = encodeResponse({
      commandField: QrCommandField.CGetRsp,
      messageIdBeingRespondedTo: 3,
      status: 0xa702,
    });
    const failed = Buffer.concat([
      Buffer.from([0x08, 0x00, 0x58, 0x00, 0x08, 0x00, 0x00, 0x00]),
      Buffer.from('1.2.3\\9\0', 'latin1'),
    ]);
    const decoded = decodeQrMessage(Buffer.concat([response, failed]));
    expect(decoded).toMatchObject({ ok: true, message: { status: 0xa702, failedSopInstanceUids: ['1.2.3', '9'] } });
    const request = Buffer.concat([
      encodeQrRequest({
        commandField: QrCommandField.CFindRq,
        sopClassUid: '1.2.840.10008.5.1.4.1.2.2.1',
        messageId: 1,
      }),
      failed,
    ]);
    expect(decodeQrMessage(request).ok).toBe(false);
  });

  it('writes identifiers by keyword and reads them back', () => {
    for (const ts of [EXPLICIT_LE, '1.2.840.10008.1.2']) {
      const bytes = encodeIdentifier(
        { StudyDate: '20250101-20250131', PatientID: 'PAT1', StudyInstanceUID: '', NumberOfStudyRelatedInstances: '' },
        ts,
      );
      expect(decodeIdentifier(bytes, ts)).toEqual({
        StudyDate: '20250101-20250131',
        PatientID: 'PAT1',
        StudyInstanceUID: '',
        NumberOfStudyRelatedInstances: '',
      });
    }
    expect(() => encodeIdentifier({ NoSuchKeyword: 'x' }, EXPLICIT_LE)).toThrow(QrIdentifierError);
    expect(() => encodeIdentifier({ PatientName: 'Jérôme' }, EXPLICIT_LE)).toThrow(/printable ASCII/);
  });
});
