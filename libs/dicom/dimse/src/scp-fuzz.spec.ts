import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPart10Layout } from '@axiom/dicom-io';
import { ScpListener } from './scp-server';
import { StoreAssociation } from './store-scu';
import { RELEASE_RQ, RawPeer, associateRq, cStore } from './testing/raw-dul-peer';
import { plainIncoming } from './testing/plain-incoming';

const FUZZ_MS = Number(process.env['DIMSE_FUZZ_MS'] ?? 15_000);
const PARALLEL = 4;
/** Longest a connection may live: the largest timeout below plus slack for a loaded machine. */
const CONNECTION_BOUND_MS = 3000;

/** mulberry32: small, seeded, good enough to make a failure reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function validExchange(): Buffer[] {
  const rq = associateRq();
  const store = cStore({
    contextId: 1,
    messageId: 1,
    sopInstanceUid: '2.25.999',
    dataset: Buffer.alloc(9000, 0x42),
    fragment: 3000,
  });
  // split the store back into its PDUs so mutations can reorder and duplicate whole PDUs
  const pdus: Buffer[] = [rq];
  for (let o = 0; o < store.length;) {
    const length = store.readUInt32BE(o + 2);
    pdus.push(store.subarray(o, o + 6 + length));
    o += 6 + length;
  }
  pdus.push(RELEASE_RQ);
  return pdus;
}

function mutate(pdus: Buffer[], random: () => number): Buffer {
  const list: Buffer[] = pdus.map((p) => Buffer.from(p));
  const pick = (n: number): number => Math.floor(random() * n);
  const rounds = 1 + pick(4);
  for (let r = 0; r < rounds; r++) {
    const i = pick(list.length);
    const target = list[i] as Buffer;
    switch (pick(6)) {
      case 0: // bit flips
        for (let k = 0; k < 1 + pick(8); k++) {
          const at = pick(target.length);
          target[at] = (target[at] as number) ^ (1 << pick(8));
        }
        break;
      case 1: // truncation
        list[i] = target.subarray(0, pick(target.length));
        break;
      case 2: // PDU length field
        if (target.length >= 6)
          target.writeUInt32BE([0, 1, 3, 0xffffffff, 0x7fffffff, target.length, pick(1 << 24)][pick(7)] as number, 2);
        break;
      case 3: {
        // reordering
        const j = pick(list.length);
        [list[i], list[j]] = [list[j] as Buffer, target];
        break;
      }
      case 4: // duplication
        list.splice(i, 0, Buffer.from(target));
        break;
      default: // a PDV length or header inside the PDU (at offset 6 or 10: four bytes each)
        if (target.length >= 14) target.writeUInt32BE(pick(1 << 16), 6 + pick(2) * 4);
    }
  }
  return Buffer.concat(list);
}

describe('ScpListener under fuzzed association byte streams', () => {
  let dir: string;
  let listener: ScpListener;
  const uncaught: Error[] = [];
  const onUncaught = (err: Error): void => {
    uncaught.push(err);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-scp-fuzz-'));
    process.on('uncaughtException', onUncaught);
    listener = new ScpListener({
      name: 'fuzz',
      aeTitle: 'AXIOM',
      port: 0,
      host: '127.0.0.1',
      incoming: plainIncoming(join(dir, 'incoming')),
      associationRequestTimeoutMs: 300,
      idleTimeoutMs: 300,
      pduTimeoutMs: 300,
      maxAssociations: 64,
      maxAssociationsPerPeer: 64,
      handler: { store: async () => ({ status: 0 }) },
    });
    await listener.start();
  });

  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await listener.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'survives random mutations: no crash, every connection ends in time, memory stays bounded',
    async () => {
      const seed = Number(process.env['DIMSE_FUZZ_SEED'] ?? Date.now() % 2_147_483_647);
      const random = prng(seed);
      const base = validExchange();
      const memoryBefore = process.memoryUsage().rss;
      const deadline = Date.now() + FUZZ_MS;
      let cases = 0;
      const problems: string[] = [];
      const worker = async (): Promise<void> => {
        while (Date.now() < deadline && problems.length === 0) {
          const n = cases++;
          const bytes = mutate(base, random);
          const peer = await RawPeer.connect(listener.port);
          const started = Date.now();
          // the bytes go out in random chunks, so PDUs also split at random places
          for (let o = 0; o < bytes.length && !peer.isClosed;) {
            const size = 1 + Math.floor(random() * 4000);
            await peer.write(bytes.subarray(o, o + size));
            o += size;
          }
          const closedAt = await peer.closedWithin(CONNECTION_BOUND_MS);
          if (closedAt === null) problems.push(`case ${n}: connection still open after ${CONNECTION_BOUND_MS} ms`);
          else if (closedAt - started > CONNECTION_BOUND_MS)
            problems.push(`case ${n}: connection lived ${closedAt - started} ms`);
          peer.destroy();
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, worker));
      const grownMb = (process.memoryUsage().rss - memoryBefore) / 1024 / 1024;
      const context = `(seed ${seed}, ${cases} cases; rerun with DIMSE_FUZZ_SEED=${seed})`;
      if (problems.length > 0) throw new Error(`${problems.slice(0, 5).join('; ')} ${context}`);
      if (uncaught.length > 0) throw new Error(`uncaught: ${uncaught[0]?.stack} ${context}`);
      if (grownMb > 150) throw new Error(`RSS grew by ${grownMb.toFixed(0)} MB ${context}`);
      expect(cases).toBeGreaterThan(20);
      await new Promise((r) => setTimeout(r, 200));
      expect(listener.connectionCount).toBe(0);
    },
    FUZZ_MS + 30_000,
  );

  it('still stores a normal instance afterwards', async () => {
    const path = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'dicom-samples', 'ct-explicit-le.dcm');
    const layout = readPart10Layout(readFileSync(path));
    const scu = new StoreAssociation(
      { host: '127.0.0.1', port: listener.port, callingAeTitle: 'AFTER', calledAeTitle: 'AXIOM' },
      { connectTimeoutMs: 2000, responseTimeoutMs: 5000 },
    );
    await scu.open([{ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', transferSyntaxUid: layout.transferSyntaxUid }]);
    const rsp = await scu.store({
      path,
      datasetOffset: layout.datasetOffset,
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      sopInstanceUid: '2.25.4242',
      transferSyntaxUid: layout.transferSyntaxUid,
    });
    await scu.release();
    expect(rsp.status).toBe(0);
  });
});
