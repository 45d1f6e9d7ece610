import { CommandField, decodeIncomingCommand, encodeResponse } from './dimse-command';
import { DataSetSink, PDataAssembler } from './pdata-assembler';
import { commandSet, pDataPdu, us } from './testing/raw-dul-peer';
import { encodeCStoreRq } from './pdu';

interface Recorded {
  commands: Buffer[];
  data: Buffer[][];
  ended: number;
  errors: string[];
}

function assembler(accepted = [1]): { a: PDataAssembler; rec: Recorded } {
  const rec: Recorded = { commands: [], data: [], ended: 0, errors: [] };
  const a = new PDataAssembler({
    contextAccepted: (id) => accepted.includes(id),
    onCommand: (_ctx, command): DataSetSink | null => {
      rec.commands.push(command);
      const decoded = decodeIncomingCommand(command);
      if (!decoded.ok || !decoded.command.hasDataSet) return null;
      const pieces: Buffer[] = [];
      rec.data.push(pieces);
      return {
        append: (p) => pieces.push(p),
        end: () => {
          rec.ended++;
        },
      };
    },
    onProtocolError: (kind, why) => rec.errors.push(`${kind}: ${why}`),
  });
  return { a, rec };
}

/** Feeds P-DATA-TF PDUs (header included) as their bodies, split into the given pieces. */
function feed(a: PDataAssembler, pdus: Buffer[], split: (body: Buffer) => Buffer[]): void {
  for (const pdu of pdus) {
    const body = pdu.subarray(6);
    a.beginPdu(body.length);
    for (const piece of split(body)) a.pushPiece(piece);
    a.endPdu();
  }
}

const command = encodeCStoreRq({ messageId: 3, sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '2.25.5' });
const dataset = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
// the command in two fragments, the data set in three PDVs, the last two in one PDU
const message = [
  pDataPdu(1, command.subarray(0, 20), true, false),
  pDataPdu(1, command.subarray(20), true, true),
  pDataPdu(1, dataset.subarray(0, 100), false, false),
  Buffer.concat([
    pDataPdu(1, dataset.subarray(100, 200), false, false).subarray(0, 6),
    pDataPdu(1, dataset.subarray(100, 200), false, false).subarray(6),
    pDataPdu(1, dataset.subarray(200), false, true).subarray(6),
  ]),
];
// fix the length of the combined PDU (two PDVs in one)
const combined = message[3] as Buffer;
combined.writeUInt32BE(combined.length - 6, 2);

describe('PDataAssembler', () => {
  it('reassembles the same message whichever byte each PDU body is split at', () => {
    for (const pdu of message) {
      const body = pdu.subarray(6);
      for (let at = 0; at <= body.length; at++) {
        const { a, rec } = assembler();
        feed(a, message, (b) => (b === body ? [b.subarray(0, at), b.subarray(at)] : [b]));
        expect(rec.errors).toEqual([]);
        expect(rec.commands).toEqual([command]);
        expect(Buffer.concat(rec.data[0] ?? [])).toEqual(dataset);
        expect(rec.ended).toBe(1);
        expect(a.midMessage).toBe(false);
      }
    }
  });

  it('hands data set bytes on as slices of the received pieces, without copying', () => {
    const { a, rec } = assembler();
    const bodies = message.map((m) => m.subarray(6));
    feed(a, message, (b) => [b]);
    const last = bodies[3] as Buffer;
    expect(rec.data[0]?.at(-1)?.buffer).toBe(last.buffer);
  });

  it('knows when it is between the PDUs of one message', () => {
    const { a } = assembler();
    feed(a, message.slice(0, 3), (b) => [b]);
    expect(a.midMessage).toBe(true);
  });

  it.each([
    [
      'a PDV longer than its PDU',
      (() => {
        const p = Buffer.from(pDataPdu(1, Buffer.alloc(10), true));
        p.writeUInt32BE(100, 6);
        return p;
      })(),
      /does not fit/,
    ],
    [
      'a PDV length below 2',
      (() => {
        const p = Buffer.from(pDataPdu(1, Buffer.alloc(10), true));
        p.writeUInt32BE(1, 6);
        return p;
      })(),
      /does not fit/,
    ],
    ['an unaccepted context', pDataPdu(5, Buffer.alloc(10), true), /not accepted/],
    ['data before any command', pDataPdu(1, Buffer.alloc(10), false), /without a command/],
    ['an empty P-DATA-TF', Buffer.from([4, 0, 0, 0, 0, 0]), /without any PDV/],
    [
      'a PDU cut inside a PDV header',
      Buffer.concat([Buffer.from([4, 0, 0, 0, 0, 3]), Buffer.from([0, 0, 0])]),
      /inside a PDV/,
    ],
  ])('reports %s', (_name, pdu, problem) => {
    const { a, rec } = assembler();
    feed(a, [pdu], (b) => [b]);
    expect(rec.errors).toEqual([expect.stringMatching(problem)]);
  });

  it('refuses a command while a data set is expected, and a data set on another context', () => {
    const one = assembler([1, 3]);
    feed(one.a, [...message.slice(0, 2), pDataPdu(1, command, true)], (b) => [b]);
    expect(one.rec.errors).toEqual([expect.stringMatching(/^dimse: command fragment while/)]);
    const two = assembler([1, 3]);
    feed(two.a, [...message.slice(0, 2), pDataPdu(3, dataset, false)], (b) => [b]);
    expect(two.rec.errors).toEqual([expect.stringMatching(/^dimse: PDV on context 3/)]);
  });

  it('bounds a command set', () => {
    const { a, rec } = assembler();
    feed(
      a,
      Array.from({ length: 20 }, () => pDataPdu(1, Buffer.alloc(4000), true, false)),
      (b) => [b],
    );
    expect(rec.errors).toEqual([expect.stringMatching(/longer than/)]);
  });
});

describe('DIMSE command sets', () => {
  it('decodes a C-STORE-RQ', () => {
    expect(decodeIncomingCommand(command)).toEqual({
      ok: true,
      command: {
        commandField: CommandField.CStoreRq,
        messageId: 3,
        hasDataSet: true,
        affectedSopClassUid: '1.2.840.10008.5.1.4.1.1.2',
        affectedSopInstanceUid: '2.25.5',
      },
    });
  });

  it.each([
    ['garbage', Buffer.from('not a command set')],
    ['an element of another group', Buffer.from([0x08, 0, 0x16, 0, 2, 0, 0, 0, 0x41, 0x41])],
    ['an element overrunning the set', Buffer.from([0, 0, 0, 1, 0xff, 0, 0, 0, 1, 0])],
    ['no CommandField', commandSet([{ element: 0x0800, value: us(0x0101) }])],
    ['no CommandDataSetType', commandSet([{ element: 0x0100, value: us(1) }])],
  ])('refuses %s', (_name, bytes) => expect(decodeIncomingCommand(bytes).ok).toBe(false));

  it('encodes a response our decoder and the SCU decoder read back, with a clean error comment', () => {
    const rsp = encodeResponse({
      commandField: 0x8001,
      messageIdBeingRespondedTo: 3,
      status: 0xc000,
      affectedSopInstanceUid: '2.25.5',
      errorComment: 'bad\nvalue',
    });
    expect(rsp.length % 2).toBe(0);
    expect(rsp.includes(Buffer.from('bad?value'))).toBe(true);
    expect(rsp.readUInt32LE(8)).toBe(rsp.length - 12);
  });
});
