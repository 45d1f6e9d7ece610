import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { multipartBuffer, multipartRelatedType, newBoundary } from '@axiom/dicomweb';
import {
  ApiClient,
  ApiUnderTest,
  Caller,
  REPO_ROOT,
  Sample,
  batchesByUid,
  freePorts,
  invalidSamples,
  sendableSamples,
  startApiUnderTest,
} from '@axiom/testing';
import {
  DicomJson,
  OrthancPeer,
  failedOf,
  referencedUidsOf,
  startOrthancPeer,
  storeWithDicomwebClient,
} from './stow-rs.peers';
import { ADMIN_KEY, MODES, curlStow, interleave, readStudyUid, undelivered, useStowRig } from './support/stow-rs';

jest.setTimeout(300_000);

const REASONS = [0xa700, 0xa900, 0xc000, 0x0110];

describe.each(MODES)('STOW-RS ingress: $label', (mode) => {
  const admin: Caller = { apiKey: ADMIN_KEY, header: 'authorization' };
  const rig = useStowRig(mode);

  it('curl, chunked: every valid sample is kept with the data set bytes it was sent with; every invalid one is refused beside them', async () => {
    const batches = batchesByUid(sendableSamples());
    // the distributed mode repeats the largest batch only: the other batches test the same code
    for (const batch of mode.app === 'api' ? batches.slice(0, 1) : batches) {
      const since = Date.now();
      const invalid = invalidSamples();
      const parts = interleave(
        batch.map((s) => s.path),
        invalid,
      );
      const answer = await curlStow(rig, parts);
      expect(answer.status).toBe(202);
      expect(referencedUidsOf(answer.json).sort()).toEqual(batch.map((s) => s.sopInstanceUid).sort());
      const failed = failedOf(answer.json);
      expect(failed).toHaveLength(invalid.length);
      for (const f of failed) expect(REASONS).toContain(f.reason);
      expect(
        await undelivered(
          rig,
          batch.map((s) => s.path),
          since,
        ),
      ).toEqual([]);
    }
  });

  it('curl with a Content-Length: 200 when all are kept; 409 when none is; 409 for instances of another study', async () => {
    const [a, b] = sendableSamples().filter((s) => !s.name.startsWith('charset')) as [Sample, Sample];
    expect((await curlStow(rig, [a.path, b.path], { chunked: false })).status).toBe(200);
    const none = await curlStow(rig, invalidSamples().slice(0, 3), { chunked: false });
    expect(none.status).toBe(409);
    expect(failedOf(none.json)).toHaveLength(3);
    expect(referencedUidsOf(none.json)).toEqual([]);
    const otherStudy = await curlStow(rig, [a.path], { path: '/1.2.826.0.1.3680043.2.1125.999999' });
    expect(otherStudy.status).toBe(409);
    expect(failedOf(otherStudy.json)).toEqual([{ sopInstanceUid: a.sopInstanceUid, reason: 0x0110 }]);
    const study = readStudyUid(a.path);
    expect((await curlStow(rig, [a.path], { path: `/${study}` })).status).toBe(200);
  });

  it('refuses what is not multipart/related of application/dicom (400, 415) and callers without identity or role (401, 403)', async () => {
    const [a] = sendableSamples() as [Sample];
    const boundary = 'b0und4ry';
    expect((await curlStow(rig, [a.path], { contentType: 'application/dicom' })).status).toBe(400);
    expect((await curlStow(rig, [a.path], { contentType: 'multipart/related; type="application/dicom"' })).status).toBe(
      400,
    );
    expect((await curlStow(rig, [a.path], { contentType: `multipart/form-data; boundary=${boundary}` })).status).toBe(
      415,
    );
    expect(
      (
        await curlStow(rig, [a.path], {
          contentType: `multipart/related; type="application/dicom+json"; boundary=${boundary}`,
        })
      ).status,
    ).toBe(415);
    const pdfPart = await fetch(`${rig.sut.base}/dicomweb/studies`, {
      method: 'POST',
      headers: {
        Authorization: `Api-Key ${ADMIN_KEY}`,
        'Content-Type': multipartRelatedType(boundary, 'application/dicom'),
      },
      body: new Uint8Array(
        await multipartBuffer([{ contentType: 'application/pdf', body: Buffer.from('%PDF-1.4') }], boundary),
      ),
    });
    expect(pdfPart.status).toBe(415);
    // a body cut short: inside the second part, the first instance is kept (202 and one failed item); inside the first, 400
    const [x, y] = sendableSamples().filter((s) => !s.name.startsWith('charset')) as [Sample, Sample];
    const whole = await multipartBuffer(
      [x, y].map((s) => ({ contentType: 'application/dicom', body: readFileSync(s.path) })),
      boundary,
    );
    const cut = (bytes: number): Promise<Response> =>
      fetch(`${rig.sut.base}/dicomweb/studies`, {
        method: 'POST',
        headers: {
          Authorization: `Api-Key ${ADMIN_KEY}`,
          'Content-Type': multipartRelatedType(boundary, 'application/dicom'),
        },
        body: new Uint8Array(whole.subarray(0, bytes)),
      });
    const secondCut = await cut(whole.length - 200);
    expect(secondCut.status).toBe(202);
    const secondJson = (await secondCut.json()) as DicomJson;
    expect(referencedUidsOf(secondJson)).toEqual([x.sopInstanceUid]);
    expect(failedOf(secondJson)).toEqual([{ reason: 0xc000 }]);
    expect((await cut(1000)).status).toBe(400);
    expect(readdirSync(join(rig.work, 'spool', 'incoming'))).toEqual([]);

    expect((await curlStow(rig, [a.path], { as: 'X-Nobody: 1' })).status).toBe(401);
    expect(
      (await curlStow(rig, [a.path], { as: 'Authorization: Api-Key e2estow_wrongwrongwrongwrongwrong' })).status,
    ).toBe(401);

    // a signed-in User: Bearer token, then the User's API key in the X-API-Key header; without the role, 403
    const signedIn = await rig.http.expect<{ access_token: string; user: { id: number } }>(
      200,
      'POST',
      '/auth/google',
      null,
      { token: await rig.oidc.idToken({ sub: `g-stow-${mode.app}`, email: `stow-${mode.app}@example.org` }) },
    );
    expect((await curlStow(rig, [a.path], { as: `Authorization: Bearer ${signedIn.access_token}` })).status).toBe(200);
    const key = await rig.http.expect<{ full_key: string }>(
      201,
      'POST',
      '/apikeys',
      { bearer: signedIn.access_token },
      { name: 'modality' },
    );
    expect((await curlStow(rig, [a.path], { as: `X-API-Key: ${key.full_key}` })).status).toBe(200);
    const roles = await rig.http.expect<{ id: number; name: string }[]>(200, 'GET', '/roles', admin);
    const userRole = roles.find((r) => r.name === 'User') as { id: number };
    await rig.http.expect(200, 'DELETE', `/users/${signedIn.user.id}/roles/${userRole.id}`, admin);
    expect((await curlStow(rig, [a.path], { as: `X-API-Key: ${key.full_key}` })).status).toBe(403);
  });

  it('Orthanc as STOW-RS client: its job succeeds, one 00081199 item per instance, the bytes Orthanc holds are the bytes delivered', async () => {
    const [httpPort, dicomPort] = (await freePorts(2)) as [number, number];
    const orthanc: OrthancPeer = await startOrthancPeer({
      dir: join(rig.work, 'orthanc'),
      httpPort,
      dicomPort,
      stowUrl: `${rig.sut.base}/dicomweb/`,
      apiKey: ADMIN_KEY,
      scriptDir: join(REPO_ROOT, '..', 'shared', 'peers'),
    });
    try {
      const since = Date.now();
      const samples = batchesByUid(sendableSamples())[0]?.slice(0, 5) as Sample[];
      const ids = await Promise.all(samples.map((s) => orthanc.upload(s.path)));
      const job = await orthanc.stowJob(ids);
      expect(job).toMatchObject({ State: 'Success' });
      const held = await Promise.all(ids.map((id) => orthanc.download(id, rig.work)));
      expect(await undelivered(rig, held, since)).toEqual([]);
    } finally {
      await orthanc.stop();
    }
  });

  it('dicomweb-client (npm) as STOW-RS client: stores, and is refused for another study', async () => {
    const [a, b] = sendableSamples().slice(0, 2) as [Sample, Sample];
    const since = Date.now();
    const stored = await storeWithDicomwebClient(`${rig.sut.base}/dicomweb`, ADMIN_KEY, [a.path, b.path]);
    expect(stored.status).toBe(200);
    expect(referencedUidsOf(stored.json).sort()).toEqual([a.sopInstanceUid, b.sopInstanceUid].sort());
    const refused = await storeWithDicomwebClient(
      `${rig.sut.base}/dicomweb`,
      ADMIN_KEY,
      [a.path],
      '1.2.826.0.1.3680043.2.1125.424242',
    );
    expect(refused.status).toBe(409);
    expect(await undelivered(rig, [a.path, b.path], since)).toEqual([]);
  });
});

describe('STOW-RS ingress with a full spool', () => {
  let sut: ApiUnderTest;

  beforeAll(async () => {
    const [port, healthPort, listenerPort] = (await freePorts(3)) as [number, number, number];
    // a free-space floor no disk reaches: the spool is "full"
    sut = await startApiUnderTest({
      app: 'standalone',
      port,
      healthPort,
      listenerPort,
      adminApiKey: ADMIN_KEY,
      env: { SPOOL_MIN_FREE_MB: '100000000' },
    });
  }, 120_000);

  afterAll(async () => {
    await sut?.stop();
  });

  it('answers 503 with Retry-After and 0xA700 for each instance, keeping nothing', async () => {
    const samples = sendableSamples().slice(0, 2);
    const boundary = newBoundary();
    const res = await fetch(`${sut.base}/dicomweb/studies`, {
      method: 'POST',
      headers: {
        Authorization: `Api-Key ${ADMIN_KEY}`,
        'Content-Type': multipartRelatedType(boundary, 'application/dicom'),
      },
      body: new Uint8Array(
        await multipartBuffer(
          samples.map((x) => ({ contentType: 'application/dicom', body: readFileSync(x.path) })),
          boundary,
        ),
      ),
    });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const json = (await res.json()) as DicomJson;
    expect(failedOf(json)).toEqual([{ reason: 0xa700 }, { reason: 0xa700 }]);
    const instances = await new ApiClient(sut.base).expect<unknown[]>(200, 'GET', '/instances', { apiKey: ADMIN_KEY });
    expect(instances).toEqual([]);
  });
});
