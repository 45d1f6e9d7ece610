import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPart10Layout } from '@axiom/dicom-io';
import { decodeAssociateAc } from './pdu';
import { IncomingInstance, ScpListener, ScpListenerOptions } from './scp-server';
import {
  ABORT,
  EXPLICIT_LE,
  RELEASE_RQ,
  RawPeer,
  VERIFICATION,
  associateRq,
  cStore,
  commandSet,
  pDataPdu,
  pdu,
  responseOf,
  us,
} from './testing/raw-dul-peer';
import { plainIncoming } from './testing/plain-incoming';

/** The raw-socket findings against the real listener: each must end with a clear protocol answer. */
describe('ScpListener against a raw peer', () => {
  let dir: string;
  let listener: ScpListener;
  const received: IncomingInstance[] = [];
  const events: { event: string; detail?: string }[] = [];

  async function startListener(overrides: Partial<ScpListenerOptions> = {}): Promise<ScpListener> {
    const l = new ScpListener({
      name: 'raw',
      aeTitle: 'AXIOM',
      port: 0,
      host: '127.0.0.1',
      incoming: plainIncoming(join(dir, 'incoming')),
      associationRequestTimeoutMs: 2000,
      idleTimeoutMs: 5000,
      pduTimeoutMs: 2000,
      handler: {
        store: async (i) => {
          received.push(i);
          await new Promise((r) => setTimeout(r, 30));
          return { status: 0 };
        },
      },
      onEvent: (event, detail) => events.push({ event, detail }),
      ...overrides,
    });
    await l.start();
    return l;
  }

  async function associated(port = listener.port, rq = associateRq()): Promise<RawPeer> {
    const peer = await RawPeer.connect(port);
    await peer.write(rq);
    const ac = await peer.next();
    expect(ac?.type).toBe(0x02);
    return peer;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-scp-raw-'));
    listener = await startListener();
  });

  afterAll(async () => {
    await listener.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores and answers two pipelined C-STOREs in order, one response each', async () => {
    const before = received.length;
    const peer = await associated();
    const one = Buffer.alloc(50_000, 1);
    const two = Buffer.alloc(70_000, 2);
    await peer.write(
      Buffer.concat([
        cStore({ contextId: 1, messageId: 1, sopInstanceUid: '2.25.101', dataset: one }),
        cStore({ contextId: 1, messageId: 2, sopInstanceUid: '2.25.102', dataset: two }),
      ]),
    );
    const first = await peer.next();
    const second = await peer.next();
    expect([first, second].map((p) => p && responseOf(p))).toEqual([
      { commandField: 0x8001, messageId: 1, status: 0 },
      { commandField: 0x8001, messageId: 2, status: 0 },
    ]);
    await peer.write(RELEASE_RQ);
    expect((await peer.next())?.type).toBe(0x06);
    const got = received.slice(before);
    expect(got.map((g) => g.sopInstanceUid)).toEqual(['2.25.101', '2.25.102']);
    for (const [i, data] of [one, two].entries()) {
      const file = readFileSync((got[i] as IncomingInstance).tempPath);
      expect(file.subarray(readPart10Layout(file).datasetOffset).equals(data)).toBe(true);
    }
    expect(listener.listening).toBe(true);
  });

  it('answers an A-RELEASE-RQ that arrives before the pending C-STORE-RSP only after that response', async () => {
    const peer = await associated();
    await peer.write(
      Buffer.concat([
        cStore({ contextId: 1, messageId: 5, sopInstanceUid: '2.25.105', dataset: Buffer.alloc(5000, 5) }),
        RELEASE_RQ,
      ]),
    );
    const first = await peer.next();
    expect(first && responseOf(first)).toEqual({ commandField: 0x8001, messageId: 5, status: 0 });
    expect((await peer.next())?.type).toBe(0x06);
    expect(await peer.closedWithin(3000)).not.toBeNull();
  });

  it('answers a proposed asynchronous operations window of 16/16 with 1/1', async () => {
    const peer = await RawPeer.connect(listener.port);
    await peer.write(associateRq({ asyncOps: { invoked: 16, performed: 16 } }));
    const ac = await peer.next();
    expect(ac?.type).toBe(0x02);
    const body = ac?.body ?? Buffer.alloc(0);
    const at = body.indexOf(Buffer.from([0x53, 0x00, 0x00, 0x04]));
    if (at >= 0) expect([...body.subarray(at + 4, at + 8)]).toEqual([0, 1, 0, 1]);
    peer.destroy();
  });

  it('aborts a PDU that declares 4 GB at once, without buffering the junk that follows', async () => {
    const peer = await RawPeer.connect(listener.port);
    const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const started = Date.now();
    await peer.write(Buffer.from([0x01, 0x00, 0xff, 0xff, 0xff, 0xf0]));
    const junk = Buffer.alloc(1024 * 1024, 0x5a);
    for (let i = 0; i < 32 && !peer.isClosed; i++) await peer.write(junk);
    // closed at once (no A-ABORT: such a peer does not read one), long before the 2 s ARTIM
    expect(await peer.closedWithin(1500)).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(1500);
    const grown = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heapBefore;
    expect(grown).toBeLessThan(24 * 1024 * 1024);
    peer.destroy();
  });

  it('refuses a P-DATA-TF longer than the maximum we announced', async () => {
    const peer = await associated();
    const header = Buffer.alloc(6);
    header.writeUInt8(0x04, 0);
    header.writeUInt32BE(listener.limits.maxPduLength + 1, 2);
    await peer.write(header);
    expect((await peer.next())?.type).toBe(0x07);
    expect(await peer.closedWithin(3000)).not.toBeNull();
  });

  it.each([
    ['A-RELEASE-RQ', RELEASE_RQ],
    ['A-ABORT', ABORT],
    ['P-DATA-TF', pDataPdu(1, Buffer.alloc(10), true)],
    ['an unknown PDU type', pdu(0x09, Buffer.alloc(4))],
  ])('closes promptly on %s before any association', async (_name, bytes) => {
    const peer = await RawPeer.connect(listener.port);
    const started = Date.now();
    await peer.write(bytes);
    const answer = await peer.next(1000);
    if (answer) expect(answer.type).toBe(0x07);
    expect(await peer.closedWithin(2500)).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(2600);
  });

  it('rejects an A-ASSOCIATE-RQ without presentation contexts', async () => {
    const peer = await RawPeer.connect(listener.port);
    await peer.write(associateRq({ contexts: [] }));
    const rj = await peer.next();
    expect(rj?.type).toBe(0x03);
    expect([...(rj?.body ?? [])]).toEqual([0, 1, 1, 1]);
    expect(await peer.closedWithin(2500)).not.toBeNull();
  });

  it("rejects query/retrieve abstract syntaxes and accepts the sender's first transfer syntax", async () => {
    const peer = await associated(
      listener.port,
      associateRq({
        contexts: [
          { id: 1, abstractSyntax: '1.2.840.10008.5.1.4.1.2.2.1', transferSyntaxes: [EXPLICIT_LE] },
          {
            id: 3,
            abstractSyntax: '1.2.840.10008.5.1.4.1.1.2',
            transferSyntaxes: ['1.2.840.10008.1.2.4.50', EXPLICIT_LE],
          },
        ],
      }),
    );
    peer.destroy();
    const ac = acceptedBy(
      associateRq({
        contexts: [
          { id: 1, abstractSyntax: '1.2.840.10008.5.1.4.1.2.2.1', transferSyntaxes: [EXPLICIT_LE] },
          {
            id: 3,
            abstractSyntax: '1.2.840.10008.5.1.4.1.1.2',
            transferSyntaxes: ['1.2.840.10008.1.2.4.50', EXPLICIT_LE],
          },
        ],
      }),
    );
    expect((await ac).contexts).toEqual([
      { id: 1, result: 3, transferSyntax: EXPLICIT_LE },
      { id: 3, result: 0, transferSyntax: '1.2.840.10008.1.2.4.50' },
    ]);
  });

  async function acceptedBy(rq: Buffer): Promise<ReturnType<typeof decodeAssociateAc>> {
    const peer = await RawPeer.connect(listener.port);
    await peer.write(rq);
    const ac = await peer.next();
    peer.destroy();
    return decodeAssociateAc(ac?.body ?? Buffer.alloc(0));
  }

  it.each([
    ['garbage', Buffer.from('this is not a DICOM command set at all!!', 'latin1')],
    [
      'a command without CommandField',
      commandSet([
        { element: 0x0110, value: us(1) },
        { element: 0x0800, value: us(0x0101) },
      ]),
    ],
    [
      'a C-STORE-RSP sent to us',
      commandSet([
        { element: 0x0100, value: us(0x8001) },
        { element: 0x0800, value: us(0x0101) },
      ]),
    ],
  ])('aborts %s as a command', async (_name, command) => {
    const peer = await associated();
    await peer.write(pDataPdu(1, command, true));
    expect((await peer.next())?.type).toBe(0x07);
    expect(await peer.closedWithin(2500)).not.toBeNull();
  });

  it('answers C-ECHO, and C-FIND with a failure status', async () => {
    const peer = await associated();
    await peer.write(
      pDataPdu(
        3,
        commandSet([
          { element: 0x0002, value: Buffer.from(`${VERIFICATION}\0`, 'latin1') },
          { element: 0x0100, value: us(0x0030) },
          { element: 0x0110, value: us(7) },
          { element: 0x0800, value: us(0x0101) },
        ]),
        true,
      ),
    );
    const echo = await peer.next();
    expect(echo && responseOf(echo)).toEqual({ commandField: 0x8030, messageId: 7, status: 0 });
    await peer.write(
      Buffer.concat([
        pDataPdu(
          1,
          commandSet([
            { element: 0x0100, value: us(0x0020) },
            { element: 0x0110, value: us(8) },
            { element: 0x0800, value: us(0x0000) },
          ]),
          true,
        ),
        pDataPdu(1, Buffer.alloc(8), false),
      ]),
    );
    const find = await peer.next();
    expect(find && responseOf(find)).toEqual({ commandField: 0x8020, messageId: 8, status: 0x0211 });
    await peer.write(RELEASE_RQ);
    expect((await peer.next())?.type).toBe(0x06);
  });

  it('escapes a calling AE with a newline and an ANSI escape before it reaches an event', async () => {
    const peer = await associated(listener.port, associateRq({ callingAe: 'EV\n\x1b[31mIL' }));
    peer.destroy();
    const detail = events.filter((e) => e.event === 'association').at(-1)?.detail ?? '';
    expect(detail).toContain('EV\\x0a\\x1b[31mIL');
    expect(detail.includes('\n') || detail.includes('\u001b')).toBe(false);
  });

  it('removes the .part file of a store cut off in the middle', async () => {
    const peer = await associated();
    const partial = cStore({
      contextId: 1,
      messageId: 1,
      sopInstanceUid: '2.25.103',
      dataset: Buffer.alloc(40_000, 3),
    });
    await peer.write(partial.subarray(0, 20_000));
    await new Promise((r) => setTimeout(r, 100));
    peer.destroy();
    await new Promise((r) => setTimeout(r, 200));
    const stored = new Set(received.map((r) => r.tempPath.split('/').at(-1)));
    expect(readdirSync(join(dir, 'incoming')).filter((f) => !stored.has(f))).toEqual([]);
  });
});
