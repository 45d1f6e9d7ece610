import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Part10Layout, readPart10Layout } from '@axiom/dicom-io';
import { deflateBomb } from '@axiom/dicom-io/testing';
import { StoreAssociation, StoreStatus } from '@axiom/dicom-dimse';
import { type ApiUnderTest, echo, freePorts, startApiUnderTest, waitFor } from '@axiom/testing';

/**
 * A deflate bomb (a ~1 MB Deflated Explicit VR LE object whose pixel data inflates to 1 GiB of
 * zeros) against the real standalone app: C-STORE is refused with the reason, the dry run answers
 * 422, and the process never holds the inflated gigabyte.
 */
jest.setTimeout(180_000);

const ADMIN_KEY = 'e2elimits_0123456789abcdefABCDEF';
const GiB = 1024 ** 3;
const INFLATED_LIMIT = 64 * 1024 * 1024;

function peakRssMb(pid: number): number {
  const line =
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:')) ?? '';
  return Number(line.replace(/\D+/g, '')) / 1024;
}

describe('size bounds of received objects (standalone)', () => {
  let app: ApiUnderTest;
  let listenerPort: number;
  let dir: string;
  let bombPath: string;
  let layout: Part10Layout;

  beforeAll(async () => {
    const [port, healthPort, listener] = await freePorts(3);
    listenerPort = listener as number;
    dir = mkdtempSync(join(tmpdir(), 'axiom-e2e-limits-'));
    bombPath = join(dir, 'bomb.dcm');
    const bytes = await deflateBomb(GiB);
    writeFileSync(bombPath, bytes);
    layout = readPart10Layout(bytes);
    app = await startApiUnderTest({
      app: 'standalone',
      port: port as number,
      healthPort: healthPort as number,
      listenerPort,
      adminApiKey: ADMIN_KEY,
      env: { AXIOM_MAX_INFLATED_BYTES: String(INFLATED_LIMIT) },
    });
    await waitFor('the default listener', () => echo(listenerPort, 'AXIOM'), 30_000);
  });

  afterAll(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the bomb is small on disk and deflated', () => {
    expect(readFileSync(bombPath).length).toBeLessThan(2 * 1024 * 1024);
    expect(layout.transferSyntaxUid).toBe('1.2.840.10008.1.2.1.99');
  });

  it('C-STORE of the bomb is refused with the reason, and the listener keeps serving', async () => {
    const scu = new StoreAssociation(
      { host: '127.0.0.1', port: listenerPort, callingAeTitle: 'BOMBER', calledAeTitle: 'AXIOM' },
      { connectTimeoutMs: 5000, responseTimeoutMs: 60_000 },
    );
    const need = { sopClassUid: '1.2.840.10008.5.1.4.1.1.7', transferSyntaxUid: layout.transferSyntaxUid };
    await scu.open([need]);
    try {
      const rsp = await scu.store({
        ...need,
        path: bombPath,
        datasetOffset: layout.datasetOffset,
        sopInstanceUid: '2.25.1234',
      });
      expect(rsp.status).toBe(StoreStatus.CannotUnderstand);
      expect(rsp.errorComment ?? '').toMatch(/too large/);
    } finally {
      await scu.release();
    }
    expect(echo(listenerPort, 'AXIOM')).toBe(true);
    expect(peakRssMb(app.proc.child.pid as number)).toBeLessThan(600);
  });

  it('the process-file dry run answers 422 with the reason', async () => {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(bombPath)]), 'bomb.dcm');
    const res = await fetch(`${app.base}/rules-engine/process-file`, {
      method: 'POST',
      headers: { Authorization: `Api-Key ${ADMIN_KEY}` },
      body: form,
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/inflates to more than/);
    expect(peakRssMb(app.proc.child.pid as number)).toBeLessThan(600);
  });
});
