import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScpListener, ScpListenerOptions } from './scp-server';
import { RawPeer, associateRq, cStore } from './testing/raw-dul-peer';
import { plainIncoming } from './testing/plain-incoming';

/** Timeouts that fire and connection limits that refuse, with small settings so the specs stay quick. */
describe('ScpListener timeouts and limits', () => {
  let dir: string;
  const listeners: ScpListener[] = [];
  const peers: RawPeer[] = [];

  async function startListener(overrides: Partial<ScpListenerOptions>): Promise<ScpListener> {
    const l = new ScpListener({
      name: 'limits',
      aeTitle: 'AXIOM',
      port: 0,
      host: '127.0.0.1',
      incoming: plainIncoming(join(dir, 'incoming')),
      associationRequestTimeoutMs: 10_000,
      idleTimeoutMs: 10_000,
      pduTimeoutMs: 10_000,
      handler: { store: async () => ({ status: 0 }) },
      ...overrides,
    });
    await l.start();
    listeners.push(l);
    return l;
  }

  async function connect(port: number): Promise<RawPeer> {
    const peer = await RawPeer.connect(port);
    peers.push(peer);
    return peer;
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-scp-limits-'));
  });

  afterEach(async () => {
    for (const p of peers.splice(0)) p.destroy();
    await Promise.all(listeners.splice(0).map((l) => l.stop()));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('closes a connection that sends no A-ASSOCIATE-RQ within the ARTIM timeout', async () => {
    const l = await startListener({ associationRequestTimeoutMs: 300 });
    const peer = await connect(l.port);
    const started = Date.now();
    const closedAt = await peer.closedWithin(3000);
    expect(closedAt).not.toBeNull();
    expect((closedAt as number) - started).toBeGreaterThanOrEqual(250);
  });

  it('closes a connection that trickles its A-ASSOCIATE-RQ byte by byte past the ARTIM timeout', async () => {
    const l = await startListener({ associationRequestTimeoutMs: 400 });
    const peer = await connect(l.port);
    const rq = associateRq();
    const started = Date.now();
    for (let i = 0; i < 30 && !peer.isClosed; i++) {
      await peer.write(rq.subarray(i, i + 1));
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await peer.closedWithin(3000)).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('aborts an established association that stays idle', async () => {
    const l = await startListener({ idleTimeoutMs: 300 });
    const peer = await connect(l.port);
    await peer.write(associateRq());
    expect((await peer.next())?.type).toBe(0x02);
    const started = Date.now();
    expect((await peer.next(3000))?.type).toBe(0x07);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await peer.closedWithin(3000)).not.toBeNull();
  });

  it('aborts when the next PDU of a message does not come within the PDU timeout, even if bytes trickle', async () => {
    const l = await startListener({ pduTimeoutMs: 400, idleTimeoutMs: 10_000 });
    const peer = await connect(l.port);
    await peer.write(associateRq());
    expect((await peer.next())?.type).toBe(0x02);
    const store = cStore({ contextId: 1, messageId: 1, sopInstanceUid: '2.25.7', dataset: Buffer.alloc(10_000, 1) });
    const started = Date.now();
    // the command and the first data fragment, then one byte every 100 ms
    await peer.write(store.subarray(0, 200));
    for (let i = 200; i < 260 && !peer.isClosed; i++) {
      await peer.write(store.subarray(i, i + 1));
      await new Promise((r) => setTimeout(r, 100));
      if (Date.now() - started > 3000) break;
    }
    expect(await peer.closedWithin(3000)).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('refuses associations above the total limit with A-ASSOCIATE-RJ local limit exceeded', async () => {
    const l = await startListener({ maxAssociations: 2, maxAssociationsPerPeer: 10 });
    for (let i = 0; i < 2; i++) {
      const peer = await connect(l.port);
      await peer.write(associateRq());
      expect((await peer.next())?.type).toBe(0x02);
    }
    const third = await connect(l.port);
    await third.write(associateRq());
    const rj = await third.next();
    expect(rj?.type).toBe(0x03);
    expect([...(rj?.body ?? [])]).toEqual([0, 2, 3, 2]);
  });

  it('refuses associations above the per-peer limit, and admits again once one closes', async () => {
    const l = await startListener({ maxAssociations: 10, maxAssociationsPerPeer: 1 });
    const first = await connect(l.port);
    await first.write(associateRq());
    expect((await first.next())?.type).toBe(0x02);
    const second = await connect(l.port);
    await second.write(associateRq());
    expect([...((await second.next())?.body ?? [])]).toEqual([0, 2, 3, 2]);
    first.destroy();
    await first.closed;
    await second.closedWithin(3000);
    await new Promise((r) => setTimeout(r, 50));
    const third = await connect(l.port);
    await third.write(associateRq());
    expect((await third.next())?.type).toBe(0x02);
  });

  it('drops connections past twice the limit without holding them open', async () => {
    const l = await startListener({
      maxAssociations: 2,
      maxAssociationsPerPeer: 2,
      associationRequestTimeoutMs: 10_000,
    });
    const opened = await Promise.all(Array.from({ length: 8 }, () => connect(l.port)));
    const closed = await Promise.all(opened.map((p) => p.closedWithin(500)));
    expect(closed.filter((c) => c !== null).length).toBeGreaterThanOrEqual(4);
    expect(l.connectionCount).toBeLessThanOrEqual(4);
  });
});
