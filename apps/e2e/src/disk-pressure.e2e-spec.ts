import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreAssociation } from '@axiom/dicom-dimse';
import { ApiUnderTest, echo, freePorts, startApiUnderTest, storeFileOf, waitFor } from '@axiom/testing';
import { filesUnder, makeCorpus } from './fixtures';

jest.setTimeout(180_000);

const ADMIN_KEY = 'e2edisk_0123456789abcdefABCDEF';
const MiB = 1024 * 1024;

/**
 * The spool on a small tmpfs of its own (64 MiB) with a floor of 32 MiB: filled past the floor,
 * C-STORE answers 0xA700 with the reason and nothing is recorded; once space returns, the same
 * sender is taken again without a restart. Needs mount(8) rights (root, as in CI).
 */
describe("the spool's free-space floor (SPOOL_MIN_FREE_MB)", () => {
  let work: string;
  let spool: string;
  let api: ApiUnderTest;
  let listenerPort: number;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'axiom-e2e-disk-'));
    spool = join(work, 'spool');
    mkdirSync(spool);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m,mode=0700', 'tmpfs', spool]);
    const [port, healthPort, listener] = await freePorts(3);
    listenerPort = listener as number;
    api = await startApiUnderTest({
      app: 'standalone',
      port: port as number,
      healthPort: healthPort as number,
      listenerPort,
      adminApiKey: ADMIN_KEY,
      env: { DICOM_STORAGE_PATH: spool, SPOOL_MIN_FREE_MB: '32' },
    });
    await waitFor('the default listener', () => echo(listenerPort, 'AXIOM'), 60_000, 500);
  });

  afterAll(async () => {
    await api?.stop();
    if (spool) execFileSync('umount', ['-l', spool]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function store(path: string): Promise<{ status: number; errorComment?: string }> {
    const file = storeFileOf(path);
    const scu = new StoreAssociation(
      { host: '127.0.0.1', port: listenerPort, callingAeTitle: 'DISKTEST', calledAeTitle: 'AXIOM' },
      { connectTimeoutMs: 5000, responseTimeoutMs: 30_000 },
    );
    await scu.open([file]);
    try {
      return await scu.store(file);
    } finally {
      await scu.release().catch(() => scu.destroy());
    }
  }

  const instanceCount = async (): Promise<number> => {
    const res = await fetch(`${api.base}/instances?limit=1000`, { headers: { Authorization: `Api-Key ${ADMIN_KEY}` } });
    return ((await res.json()) as unknown[]).length;
  };

  it('answers 0xA700 with the reason below the floor, keeps nothing, and takes instances again when space returns', async () => {
    const [first, second] = filesUnder(makeCorpus(join(work, 'corpus'), 2));
    const filler = join(spool, 'filler.bin');
    writeFileSync(filler, Buffer.alloc(40 * MiB)); // 24 MiB left, under the 32 MiB floor
    const refused = await store(first as string);
    expect(refused.status).toBe(0xa700);
    expect(refused.errorComment).toMatch(/spool full: \d+ MB free, below the floor of 32 MB/);
    expect(await instanceCount()).toBe(0);
    expect(filesUnder(join(spool, 'incoming'))).toEqual([]);

    rmSync(filler);
    // the floor looks at the file system again at once (at most a quarter second old): no restart
    await waitFor(
      'the listener taking instances again',
      async () => (await store(second as string)).status === 0,
      10_000,
      300,
    );
    expect((await store(first as string)).status).toBe(0);
    expect(await instanceCount()).toBe(2);
  });
});
