import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readPart10Layout } from '@axiom/dicom-io';
import { AuthType, DestinationType } from '@axiom/domain';
import { Destination, OutgoingInstance } from './destination';
import { StowClient } from './stow/stow-client';
import { StowRsAdapter } from './stow-rs.destination';
import { freeLocalPort } from './testing/cstore-peers';
import { DicomwebFront } from './testing/dicomweb-front';
import { ORTHANC_REFUSED_SAMPLES, OrthancPeer, startOrthancPeer } from './testing/orthanc-peer';
import { sameStudyCopies, sendableOutgoing } from './testing/outgoing-samples';

jest.setTimeout(120_000);

const BASIC = { username: 'router', password: 'stow-secret' };

function datasetOf(bytes: Buffer): Buffer {
  return bytes.subarray(readPart10Layout(bytes).datasetOffset);
}

/** One instance per SOP Instance UID (two samples share one; Orthanc would keep the later). */
function uniqueByUid(list: OutgoingInstance[]): OutgoingInstance[] {
  const seen = new Set<string>();
  return list.filter((o) => !seen.has(o.sopInstanceUid) && seen.add(o.sopInstanceUid));
}

describe('StowRsAdapter against Orthanc (DICOMweb plugin) behind a fault-injecting front', () => {
  let work: string;
  let orthanc: OrthancPeer;
  let front: DicomwebFront;
  let destination: StowRsAdapter;

  const target = (
    auth: Record<string, unknown> = { username: 'router', password: 'stow-secret' },
    base?: string,
  ): Destination => ({
    id: 11,
    name: 'orthanc-stow',
    backendType: DestinationType.StowRs,
    config: { base_url: base ?? `${front.origin}/dicom-web/`, auth_type: AuthType.Basic },
    credentials: { auth_config: auth },
  });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'axiom-stow-spec-'));
    orthanc = await startOrthancPeer({
      dir: join(work, 'orthanc'),
      httpPort: await freeLocalPort(),
      dicomPort: await freeLocalPort(),
      basicAuth: BASIC,
    });
    front = new DicomwebFront({ upstream: orthanc.origin });
    await front.start();
    destination = new StowRsAdapter(
      new StowClient({ maxInstancesPerRequest: 3, maxBytesPerRequest: 64 * 1024 * 1024, timeoutMs: 20_000 }),
    );
  });

  afterAll(async () => {
    await front?.stop();
    await orthanc?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('delivers every sample Orthanc can file, data set bytes as sent; the ones it refuses fail permanently with its answer', async () => {
    const samples = uniqueByUid(sendableOutgoing());
    const results = await Promise.allSettled(samples.map((s) => destination.send(s, target())));
    const refused: string[] = [];
    for (const [i, r] of results.entries()) {
      const s = samples[i] as OutgoingInstance;
      if (r.status === 'rejected') {
        expect(r.reason).toMatchObject({ permanent: true, message: expect.stringContaining('HTTP 400') });
        refused.push(basename(s.path));
        continue;
      }
      const stored = await orthanc.storedFile(s.sopInstanceUid);
      expect(stored && datasetOf(stored).equals(readFileSync(s.path).subarray(s.datasetOffset))).toBe(true);
    }
    expect(refused.sort()).toEqual([...ORTHANC_REFUSED_SAMPLES].sort());
    expect(new Set(front.forwarded).size).toBe(samples.length);
  });

  it('sends the instances of one study waiting together in requests of at most 3, each send with its own outcome', async () => {
    const copies = sameStudyCopies(join(work, 'copies'), 'ct-explicit-le.dcm', 7);
    const before = front.requests.length;
    const results = await Promise.all(copies.map((c) => destination.send(c, target())));
    expect(results.every((r) => r.detail.includes('stored (HTTP 200)'))).toBe(true);
    const sizes = front.requests.slice(before);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(7);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(sizes.length).toBeLessThan(7);
    for (const c of copies) expect(await orthanc.storedFile(c.sopInstanceUid)).not.toBeNull();
  });

  it('retries 503s and a destination that is down; what finally goes reaches Orthanc once', async () => {
    const [a, b] = sameStudyCopies(join(work, 'faults'), 'mr-implicit-le.dcm', 2) as [
      OutgoingInstance,
      OutgoingInstance,
    ];
    front.failNext(1, 503);
    await expect(destination.send(a, target())).rejects.toMatchObject({
      permanent: false,
      message: expect.stringContaining('HTTP 503'),
    });
    await destination.send(a, target());
    await front.stop();
    await expect(destination.send(b, target())).rejects.toMatchObject({
      permanent: false,
      message: expect.stringMatching(/ECONNREFUSED/),
    });
    await front.start();
    await destination.send(b, target());
    expect(front.forwarded.filter((u) => u === a.sopInstanceUid || u === b.sopInstanceUid)).toEqual([
      a.sopInstanceUid,
      b.sopInstanceUid,
    ]);
  });

  it('retries a peer that takes the request and never answers, after the request timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const quick = new StowRsAdapter(
      new StowClient({ maxInstancesPerRequest: 10, maxBytesPerRequest: 1 << 20, timeoutMs: 500 }),
    );
    try {
      const [one] = sendableOutgoing();
      await expect(
        quick.send(
          one as OutgoingInstance,
          target(undefined, `http://127.0.0.1:${(silent.address() as AddressInfo).port}/dicom-web`),
        ),
      ).rejects.toMatchObject({
        permanent: false,
        message: expect.stringContaining('no complete answer within 500 ms'),
      });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("fails permanently, with the server's words, when Orthanc refuses the credentials", async () => {
    const [one] = sendableOutgoing();
    await expect(
      destination.send(one as OutgoingInstance, target({ username: 'router', password: 'wrong' })),
    ).rejects.toMatchObject({ permanent: true, message: expect.stringContaining('HTTP 403') });
  });

  it('probes with QIDO-RS: ok, refused credentials, unreachable', async () => {
    await expect(destination.probe(target())).resolves.toMatchObject({ ok: true, step: 'qido' });
    await expect(destination.probe(target({ username: 'router', password: 'wrong' }))).resolves.toMatchObject({
      ok: false,
      step: 'auth',
    });
    await expect(
      destination.probe(target(undefined, `http://127.0.0.1:${await freeLocalPort()}/dicom-web`)),
    ).resolves.toMatchObject({ ok: false, step: 'connect' });
  });
});
