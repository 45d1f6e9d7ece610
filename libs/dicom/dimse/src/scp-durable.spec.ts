import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPart10Layout } from '@axiom/dicom-io';
import { IncomingFiles, IncomingInstance, ScpListener } from './scp-server';
import { StoreStatus } from './dimse-status';
import { StoreAssociation } from './store-scu';
import { plainIncoming } from './testing/plain-incoming';

const SAMPLE = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'dicom-samples', 'mr-explicit-le.dcm');

/**
 * The handler gets the file once its bytes are written, with its fsync still running: whatever
 * the handler answers, the SCP reports success only once the file is durable.
 */
describe('C-STORE SCP: no success before the file is durable', () => {
  let dir: string;
  let listener: ScpListener;
  const received: IncomingInstance[] = [];
  let syncFails = false;
  let releaseSync: () => void = () => undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-dimse-durable-'));
    const plain = plainIncoming(join(dir, 'incoming'));
    // the plain files, with an fsync that waits for the test and then fails or succeeds
    const incoming: IncomingFiles = {
      open(header, pressure) {
        const file = plain.open(header, pressure);
        return {
          ...file,
          finish: () => {
            const written = file.complete();
            const durable = written.then(
              () =>
                new Promise<void>((resolve, reject) => {
                  releaseSync = () => (syncFails ? reject(new Error('EIO: i/o error, fdatasync')) : resolve());
                }),
            );
            return { written, durable };
          },
        };
      },
    };
    listener = new ScpListener({
      name: 'test',
      aeTitle: 'AXIOM',
      port: 0,
      host: '127.0.0.1',
      incoming,
      handler: {
        // answers success at once, without awaiting `durable`
        store: async (i) => {
          received.push(i);
          setTimeout(() => releaseSync(), 50);
          return { status: StoreStatus.Success };
        },
      },
    });
    await listener.start();
  });

  afterAll(async () => {
    await listener.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function store(): Promise<{ status: number; errorComment?: string }> {
    const bytes = readFileSync(SAMPLE);
    const layout = readPart10Layout(bytes);
    const peer = { host: '127.0.0.1', port: listener.port, callingAeTitle: 'TESTSCU', calledAeTitle: 'AXIOM' };
    const scu = new StoreAssociation(peer, { connectTimeoutMs: 2000, responseTimeoutMs: 10_000 });
    const need = { sopClassUid: '1.2.840.10008.5.1.4.1.1.4', transferSyntaxUid: layout.transferSyntaxUid };
    await scu.open([need]);
    try {
      return await scu.store({ ...need, path: SAMPLE, datasetOffset: layout.datasetOffset, sopInstanceUid: '2.25.7' });
    } finally {
      await scu.release();
    }
  }

  it('answers success once the fsync succeeded', async () => {
    syncFails = false;
    expect((await store()).status).toBe(StoreStatus.Success);
    expect(received.at(-1)?.durable).toBeInstanceOf(Promise);
  });

  it('answers Out of Resources, with the reason, when the fsync fails after the handler said success', async () => {
    syncFails = true;
    const rsp = await store();
    expect(rsp.status).toBe(StoreStatus.OutOfResources);
    expect(rsp.errorComment).toMatch(/^spool write failed: EIO/);
  });
});
