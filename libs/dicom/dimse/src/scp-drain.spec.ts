import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DicomFile, readPart10Layout } from '@axiom/dicom-io';
import { StoreStatus } from './dimse-status';
import { ScpListener } from './scp-server';
import { StoreAssociation } from './store-scu';
import type { StoreFile } from './scu-types';
import { plainIncoming } from './testing/plain-incoming';

const SAMPLE = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'dicom-samples', 'ct-explicit-le.dcm');

function sample(): StoreFile {
  const bytes = readFileSync(SAMPLE);
  const layout = readPart10Layout(bytes);
  const id = DicomFile.parse(bytes, { headerOnly: true }).identity();
  return {
    path: SAMPLE,
    datasetOffset: layout.datasetOffset,
    sopClassUid: id.sopClassUid as string,
    sopInstanceUid: id.sopInstanceUid as string,
    transferSyntaxUid: layout.transferSyntaxUid,
  };
}

const refused = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });

describe('stopping a listener with an association in flight (graceful shutdown)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-drain-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses new connections, answers the C-STORE in flight, then ends the association long before the grace', async () => {
    let stored = 0;
    let entered: () => void = () => undefined;
    const inIngest = new Promise<void>((r) => {
      entered = r;
    });
    const listener = new ScpListener({
      name: 'drain',
      aeTitle: 'AXIOM',
      port: 0,
      host: '127.0.0.1',
      incoming: plainIncoming(join(dir, 'incoming')),
      // ingest takes a while: the stop arrives while the sender waits for this answer
      handler: {
        store: async () => {
          entered();
          await new Promise((r) => setTimeout(r, 400));
          stored++;
          return { status: StoreStatus.Success };
        },
      },
    });
    await listener.start();
    const port = listener.port;
    const file = sample();
    const scu = new StoreAssociation(
      { host: '127.0.0.1', port, callingAeTitle: 'SCU', calledAeTitle: 'AXIOM' },
      { connectTimeoutMs: 2000, responseTimeoutMs: 10_000 },
    );
    await scu.open([file]);
    const inFlight = scu.store(file);
    await inIngest;
    const started = Date.now();
    const stopping = listener.stop(20_000);
    expect(await refused(port)).toBe(true);
    expect((await inFlight).status).toBe(0);
    await stopping;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(stored).toBe(1);
    // the association is over: nothing more is taken on it
    await expect(scu.store(file)).rejects.toThrow();
    scu.destroy();
  });
});
