import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readPart10Layout } from '@axiom/dicom-io';
import { IncomingInstance, ScpListener } from './scp-server';
import { WireRecorder, freeLocalPorts } from './testing/raw-dul-peer';
import { plainIncoming } from './testing/plain-incoming';

const run = promisify(execFile);
const SHARED = join(__dirname, '..', '..', '..', '..', '..', 'shared');
const SAMPLES = join(SHARED, 'dicom-samples');

/** Sample and the storescu option that proposes exactly its transfer syntax (so nothing is converted). */
const STORESCU_CASES: [string, string][] = [
  ['ct-explicit-le.dcm', '-xe'],
  ['mr-implicit-le.dcm', '-xi'],
  ['mr-explicit-be.dcm', '-xb'],
  ['sc-rgb-jpeg-baseline-utf8.dcm', '-xy'],
  ['nm-jpeg-lossless-sv1.dcm', '-xs'],
  ['mr-jpeg2000-lossless.dcm', '-xv'],
  ['mr-rle.dcm', '-xr'],
  ['ct-full-512-explicit-le.dcm', '-xe'],
];

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function datasetOf(bytes: Buffer): Buffer {
  return bytes.subarray(readPart10Layout(bytes).datasetOffset);
}

describe('our SCP with real peers (dcmtk, Orthanc)', () => {
  let dir: string;
  let listener: ScpListener;
  let wire: WireRecorder;
  /** Where the peers connect: the recorder in front of the listener. */
  let port = 0;
  const received: IncomingInstance[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-scp-peers-'));
    listener = new ScpListener({
      name: 'peers',
      aeTitle: 'AXIOM',
      port: 0,
      host: '127.0.0.1',
      incoming: plainIncoming(join(dir, 'incoming')),
      handler: {
        store: async (i) => {
          received.push(i);
          return { status: 0 };
        },
      },
      onEvent: (event, detail) => {
        if (event === 'error') errors.push(detail ?? '');
      },
    });
    await listener.start();
    wire = new WireRecorder(listener.port);
    port = await wire.start();
  });

  afterAll(async () => {
    await wire.stop();
    await listener.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * The stored file holds exactly the data set bytes the peer sent (dcmtk re-encodes some files
   * while sending, so the reference is the wire, not the sample), in the sample's transfer syntax.
   */
  function expectStoredAsSent(sample: string, got: IncomingInstance | undefined, sentIndex: number): void {
    expect(got).toBeDefined();
    const original = readFileSync(join(SAMPLES, sample));
    expect(got?.transferSyntaxUid).toBe(readPart10Layout(original).transferSyntaxUid);
    const sent = wire.datasets()[sentIndex] as Buffer;
    expect(sent.length).toBeGreaterThan(100);
    expect(datasetOf(readFileSync((got as IncomingInstance).tempPath)).equals(sent)).toBe(true);
  }

  it('answers echoscu', async () => {
    const { stderr } = await run('echoscu', ['-aec', 'AXIOM', '-aet', 'ECHOSCU', '127.0.0.1', String(port)], {
      timeout: 15_000,
    });
    expect(stderr).not.toMatch(/E:/);
  });

  it.each(STORESCU_CASES)('receives %s from storescu %s byte-faithfully', async (sample, option) => {
    const before = received.length;
    const sentBefore = wire.datasets().length;
    await run(
      'storescu',
      [option, '-aec', 'AXIOM', '-aet', 'STORESCU', '127.0.0.1', String(port), join(SAMPLES, sample)],
      { timeout: 30_000 },
    );
    expect(received.length).toBe(before + 1);
    expectStoredAsSent(sample, received.at(-1), sentBefore);
  });

  it('receives several files on one storescu association', async () => {
    const before = received.length;
    const sentBefore = wire.datasets().length;
    const files = [
      'ct-explicit-le.dcm',
      'rtstruct-explicit-le.dcm',
      'mr-explicit-le.dcm',
      'ct-full-512-explicit-le.dcm',
    ];
    await run(
      'storescu',
      ['-xe', '-aec', 'AXIOM', '-aet', 'STORESCU', '127.0.0.1', String(port), ...files.map((f) => join(SAMPLES, f))],
      { timeout: 30_000 },
    );
    const got = received.slice(before);
    expect(got).toHaveLength(files.length);
    files.forEach((f, i) => expectStoredAsSent(f, got[i], sentBefore + i));
    expect(new Set(got.map((g) => g.association)).size).toBe(1);
  });

  it('receives from dcmsend', async () => {
    const before = received.length;
    const sentBefore = wire.datasets().length;
    const files = ['mr-explicit-le.dcm', 'sr-basic-text-undefined-length.dcm'];
    await run(
      'dcmsend',
      ['-aec', 'AXIOM', '-aet', 'DCMSEND', '127.0.0.1', String(port), ...files.map((f) => join(SAMPLES, f))],
      { timeout: 30_000 },
    );
    const got = received.slice(before);
    expect(got).toHaveLength(2);
    files.forEach((f, i) => expectStoredAsSent(f, got[i], sentBefore + i));
  });

  it('is refused by storescu for another called AE title, and the refusal is logged', async () => {
    await expect(
      run('storescu', ['-aec', 'NOTUS', '127.0.0.1', String(port), join(SAMPLES, 'ct-explicit-le.dcm')], {
        timeout: 15_000,
      }),
    ).rejects.toThrow();
    expect(errors.some((e) => /called AE "NOTUS"/.test(e))).toBe(true);
  });

  describe('Orthanc as the sender', () => {
    let orthancPid = 0;
    let http = '';
    let scratch: string;

    beforeAll(async () => {
      scratch = mkdtempSync(join(tmpdir(), 'axiom-orthanc-'));
      const [httpPort, dicomPort] = await freeLocalPorts(2);
      const { stdout } = await run(
        join(SHARED, 'peers', 'start-orthanc.sh'),
        [scratch, String(httpPort), String(dicomPort)],
        {
          timeout: 40_000,
          env: { ...process.env, AXIOM_PORT: String(port), AXIOM_AET: 'AXIOM' },
        },
      );
      orthancPid = Number(stdout.trim().split('\n').at(-1));
      http = `http://127.0.0.1:${httpPort}`;
    }, 60_000);

    afterAll(async () => {
      if (orthancPid > 0) {
        process.kill(orthancPid);
        // Orthanc takes a few seconds to shut down (longer on a loaded machine)
        for (let i = 0; i < 400 && isAlive(orthancPid); i++) await new Promise((r) => setTimeout(r, 50));
        if (isAlive(orthancPid)) process.kill(orthancPid, 'SIGKILL');
      }
      rmSync(scratch, { recursive: true, force: true });
    }, 30_000);

    it.each(['ct-explicit-le.dcm', 'mr-jpegls-lossless.dcm', 'us-multiframe-rle-palette.dcm'])(
      'receives %s from Orthanc byte-faithfully',
      async (sample) => {
        const upload = await fetch(`${http}/instances`, { method: 'POST', body: readFileSync(join(SAMPLES, sample)) });
        expect(upload.ok).toBe(true);
        const { ID } = (await upload.json()) as { ID: string };
        const before = received.length;
        const sentBefore = wire.datasets().length;
        const store = await fetch(`${http}/modalities/axiom/store`, {
          method: 'POST',
          body: JSON.stringify({ Resources: [ID], Synchronous: true }),
        });
        expect(store.status).toBe(200);
        expect(received.length).toBe(before + 1);
        expectStoredAsSent(sample, received.at(-1), sentBefore);
      },
      30_000,
    );
  });
});
