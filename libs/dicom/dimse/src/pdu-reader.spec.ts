import { PDU_HARD_CAP, PduFramingError, PduReader, PieceCursor, ReceivedPdu } from './pdu-reader';

function pdu(type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(6);
  h.writeUInt8(type, 0);
  h.writeUInt32BE(body.length, 2);
  return Buffer.concat([h, body]);
}

function readerWith(limit: number | null = 1024) {
  const pdus: { type: number; body: Buffer }[] = [];
  const errors: PduFramingError[] = [];
  const reader = new PduReader(() => limit, {
    onPdu: (p: ReceivedPdu) => pdus.push({ type: p.type, body: Buffer.concat(p.pieces, p.length) }),
    onError: (e) => errors.push(e),
  });
  return { reader, pdus, errors };
}

describe('PduReader', () => {
  const stream = Buffer.concat([
    pdu(0x04, Buffer.from('first body, a few bytes')),
    pdu(0x05, Buffer.alloc(4)),
    pdu(0x04, Buffer.alloc(0)),
    pdu(0x04, Buffer.alloc(300, 7)),
  ]);

  it('frames the same PDUs whichever byte the chunks are split at', () => {
    const whole = readerWith();
    whole.reader.push(stream);
    expect(whole.pdus).toHaveLength(4);
    for (let at = 0; at <= stream.length; at++) {
      const split = readerWith();
      split.reader.push(stream.subarray(0, at));
      split.reader.push(stream.subarray(at));
      expect(split.pdus).toEqual(whole.pdus);
    }
  });

  it('frames the same PDUs fed one byte at a time, and knows when it is inside a PDU', () => {
    const r = readerWith();
    const midStates: boolean[] = [];
    for (let i = 0; i < stream.length; i++) {
      r.reader.push(stream.subarray(i, i + 1));
      midStates.push(r.reader.midPdu);
    }
    expect(r.pdus.map((p) => p.type)).toEqual([4, 5, 4, 4]);
    expect(midStates.at(-1)).toBe(false);
    expect(midStates[2]).toBe(true);
  });

  it('keeps body slices of the chunks (no copy) when a body sits inside one chunk', () => {
    const pieces: Buffer[][] = [];
    const reader = new PduReader(() => 1024, { onPdu: (p) => pieces.push(p.pieces), onError: () => undefined });
    const chunk = pdu(0x04, Buffer.alloc(100, 1));
    reader.push(chunk);
    expect(pieces[0]?.[0]?.buffer).toBe(chunk.buffer);
  });

  it('refuses a declared length above the limit before reading the body', () => {
    const r = readerWith(100);
    r.reader.push(Buffer.from([0x04, 0, 0, 0, 0, 101]));
    expect(r.errors).toEqual([{ kind: 'length-exceeded', type: 4, declared: 101, limit: 100 }]);
    r.reader.push(Buffer.alloc(200));
    expect(r.pdus).toEqual([]);
    expect(r.errors).toHaveLength(1);
  });

  it('accepts exactly the limit', () => {
    const r = readerWith(100);
    r.reader.push(pdu(0x04, Buffer.alloc(100)));
    expect(r.pdus).toHaveLength(1);
  });

  it('never accepts more than the hard cap, whatever the limit says', () => {
    const r = readerWith(Number.MAX_SAFE_INTEGER);
    r.reader.push(Buffer.from([0x01, 0x00, 0xff, 0xff, 0xff, 0xf0]));
    expect(r.errors).toEqual([{ kind: 'length-exceeded', type: 1, declared: 0xfffffff0, limit: PDU_HARD_CAP }]);
  });

  it('reports an unrecognized PDU type', () => {
    const r = readerWith(null);
    r.reader.push(pdu(0x09, Buffer.alloc(4)));
    expect(r.errors).toEqual([{ kind: 'unrecognized-pdu', type: 9 }]);
  });
});

describe('PieceCursor', () => {
  it('reads integers and slices across piece boundaries', () => {
    const bytes = Buffer.from([0, 0, 0, 5, 1, 2, 3, 4, 5, 6, 7]);
    for (let a = 0; a <= bytes.length; a++) {
      for (let b = a; b <= bytes.length; b++) {
        const c = new PieceCursor([bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)], bytes.length);
        expect(c.readUInt32BE()).toBe(5);
        expect(c.readUInt8()).toBe(1);
        expect(Buffer.concat(c.take(4))).toEqual(Buffer.from([2, 3, 4, 5]));
        expect(c.takeBuffer(2)).toEqual(Buffer.from([6, 7]));
        expect(c.remaining).toBe(0);
        expect(() => c.readUInt8()).toThrow(RangeError);
      }
    }
  });
});
