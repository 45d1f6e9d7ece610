import { readFileSync } from 'node:fs';
import { AddressInfo, Server, Socket, createServer, connect } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readPart10Layout } from '@axiom/dicom-io';
import { SLAB_BYTES, SlabReader, slabStats } from './receive-slabs';
import { IncomingInstance } from './scp-server';
import { StoreStatus } from './dimse-status';
import { StoreAssociationPool } from './store-pool';
import { LoopbackScp, startLoopbackScp } from './testing/loopback-scp';

const SAMPLES = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'dicom-samples');
const WAIT_MS = 10_000;

/** A server whose first accepted socket is read by a SlabReader; resolves with what it collected. */
async function receive(
  payload: Buffer,
  quiet: () => boolean,
): Promise<{ chunks: Buffer[]; slabbed: boolean; copies: Buffer[] }> {
  let server: Server | null = null;
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('nothing received in time')), WAIT_MS);
      server = createServer((socket) => {
        const chunks: Buffer[] = [];
        const copies: Buffer[] = [];
        const reader = new SlabReader(
          socket,
          (chunk) => {
            chunks.push(chunk);
            copies.push(Buffer.from(chunk));
          },
          quiet,
        );
        socket.on('close', () => {
          clearTimeout(timer);
          resolve({ chunks, slabbed: reader.slabbed, copies });
        });
      });
      server.listen(0, '127.0.0.1', () => {
        const client = connect((server?.address() as AddressInfo).port, '127.0.0.1', () => client.end(payload));
        client.on('error', reject);
      });
    });
  } finally {
    (server as Server | null)?.close();
  }
}

describe('SlabReader: socket reads into reused memory', () => {
  it('hands on every byte in order, and keeps what it handed on while the owner holds it', async () => {
    const payload = randomBytes(5 * SLAB_BYTES + 12_345);
    const got = await receive(payload, () => false);
    expect(got.slabbed).toBe(true);
    // the chunks themselves (not only copies taken at once) still hold the bytes: nothing was reused
    expect(Buffer.concat(got.chunks).equals(payload)).toBe(true);
    expect(got.chunks.length).toBeGreaterThan(1);
  });

  it('reuses the slabs it read past once the owner says nothing is held', async () => {
    const before = slabStats().reused;
    const payload = randomBytes(6 * SLAB_BYTES);
    const got = await receive(payload, () => true);
    // what was handed on was right when it was handed on (later reads may reuse the memory)
    expect(Buffer.concat(got.copies).equals(payload)).toBe(true);
    expect(slabStats().reused).toBeGreaterThan(before);
  });

  it('falls back to data events for a socket whose reads it cannot take over', () => {
    const socket = new Socket();
    const reader = new SlabReader(
      socket,
      () => undefined,
      () => true,
    );
    expect(reader.slabbed).toBe(false);
    expect(socket.listenerCount('data')).toBe(1);
    socket.destroy();
  });
});

describe('the C-STORE SCP on reused receive memory', () => {
  const sample = join(SAMPLES, 'ct-full-512-explicit-le.dcm');
  const bytes = readFileSync(sample);
  const layout = readPart10Layout(bytes);
  let scp: LoopbackScp;
  const mismatches: string[] = [];
  let handled = 0;

  beforeAll(async () => {
    // the handler reads its bytes late, after other associations' reads went on: they must be its own
    scp = await startLoopbackScp('axiom-slabs-', async (i: IncomingInstance) => {
      await new Promise((r) => setTimeout(r, 5));
      const got = Buffer.concat(i.bytes ?? []);
      if (!got.subarray(readPart10Layout(got).datasetOffset).equals(bytes.subarray(layout.datasetOffset)))
        mismatches.push(i.sopInstanceUid);
      handled++;
      return { status: StoreStatus.Success };
    });
  });

  afterAll(() => scp.stop());

  it('gives every instance of four parallel associations its own bytes while the memory is reused', async () => {
    const before = slabStats().reused;
    const peer = { host: '127.0.0.1', port: scp.listener.port, callingAeTitle: 'TESTSCU', calledAeTitle: 'AXIOM' };
    const pool = new StoreAssociationPool({ connectTimeoutMs: 2000, responseTimeoutMs: WAIT_MS, idleCloseMs: 100 });
    try {
      const sends = Array.from({ length: 4 }, (_, a) =>
        (async () => {
          for (let k = 0; k < 10; k++) {
            const rsp = await pool.store(
              peer,
              {
                path: sample,
                datasetOffset: layout.datasetOffset,
                sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
                sopInstanceUid: `2.25.${a + 1}${k}`,
                transferSyntaxUid: layout.transferSyntaxUid,
              },
              4,
            );
            expect(rsp.status).toBe(0);
          }
        })(),
      );
      await Promise.all(sends);
    } finally {
      await pool.closeAll();
    }
    expect(handled).toBe(40);
    expect(mismatches).toEqual([]);
    // the memory was reused (so the GC did not have to collect 40 images' worth of reads): a 0.5 MB
    // image spans at least two slabs, and all but the first few instances read into reused ones
    expect(slabStats().reused - before).toBeGreaterThan(40);
  });
});
