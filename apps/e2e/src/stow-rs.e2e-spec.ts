import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { multipartBuffer, multipartRelatedType, newBoundary } from '@axiom/dicomweb';
import {
  ApiClient,
  ApiUnderTest,
  Caller,
  OidcStandIn,
  Proc,
  REPO_ROOT,
  Sample,
  batchesByUid,
  createScratchDatabase,
  createScratchVhost,
  datasetOf,
  freePorts,
  invalidSamples,
  run,
  runAsync,
  sendableSamples,
  sha256,
  startApiUnderTest,
  startApp,
  waitFor,
  waitForHttp,
} from '@axiom/testing';
import { filesUnder } from './fixtures';
import {
  DicomJson,
  OrthancPeer,
  StowAnswer,
  failedOf,
  referencedUidsOf,
  startOrthancPeer,
  storeWithDicomwebClient,
} from './stow-rs.peers';

jest.setTimeout(300_000);

const ADMIN_KEY = 'e2estow_0123456789abcdefABCDEF01';
const MODES = [
  { app: 'standalone', label: 'embedded (standalone, SQLite, in-process transport)' },
  { app: 'api', label: 'distributed (api app + router-worker, PostgreSQL, RabbitMQ)' },
] as const;
const REASONS = [0xa700, 0xa900, 0xc000, 0x0110];
/** File times come from the kernel's coarse clock, a few ms behind Date.now(). */
const MTIME_SLACK_MS = 50;

describe.each(MODES)('STOW-RS ingress: $label', (mode) => {
  const admin: Caller = { apiKey: ADMIN_KEY, header: 'authorization' };
  let work: string;
  let out: string;
  let sut: ApiUnderTest;
  let http: ApiClient;
  let oidc: OidcStandIn;
  const cleanups: (() => Promise<void> | void)[] = [];

  /** POSTs a body with curl (chunked unless a length is asked for); the status and the DICOM JSON answer. */
  async function curlStow(
    parts: string[],
    o: { path?: string; chunked?: boolean; contentType?: string; as?: string } = {},
  ): Promise<StowAnswer> {
    const boundary = newBoundary();
    const bodyFile = join(work, `${boundary}.body`);
    writeFileSync(
      bodyFile,
      await multipartBuffer(
        parts.map((p) => ({ contentType: 'application/dicom', body: readFileSync(p) })),
        boundary,
      ),
    );
    const r = await runAsync('curl', [
      '-s',
      '-o',
      `${bodyFile}.answer`,
      '-w',
      '%{http_code}',
      '-X',
      'POST',
      '--data-binary',
      `@${bodyFile}`,
      '-H',
      `Content-Type: ${o.contentType ?? multipartRelatedType(boundary, 'application/dicom')}`,
      '-H',
      'Accept: application/dicom+json',
      '-H',
      o.as ?? `Authorization: Api-Key ${ADMIN_KEY}`,
      ...(o.chunked === false ? [] : ['-H', 'Transfer-Encoding: chunked']),
      `${sut.base}/dicomweb/studies${o.path ?? ''}`,
    ]);
    const text = readFileSync(`${bodyFile}.answer`, 'utf8');
    rmSync(bodyFile, { force: true });
    return { status: Number(r.output.trim()), json: text ? (JSON.parse(text) as DicomJson) : {} };
  }

  /**
   * Waits (bounded) until the data set of each file was delivered to the filesystem destination
   * (written since `since`); the files whose data set was not. The output folder is never
   * removed under the running destination: deliveries of earlier tests stay, older than `since`.
   */
  async function undelivered(paths: string[], since: number): Promise<string[]> {
    const wanted = new Map(paths.map((p) => [sha256(datasetOf(p)), p]));
    const missing = (): string[] => {
      const seen = new Set(
        filesUnder(out)
          .filter((f) => statSync(f).mtimeMs >= since - MTIME_SLACK_MS)
          .map((f) => sha256(datasetOf(f))),
      );
      return [...wanted].filter(([hash]) => !seen.has(hash)).map(([, p]) => p);
    };
    await waitFor(`${paths.length} data sets delivered`, () => missing().length === 0 || undefined, 60_000, 200).catch(
      () => undefined,
    );
    return missing();
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), `axiom-e2e-stow-${mode.app}-`));
    out = join(work, 'out');
    const [port, healthPort, listenerPort, oidcPort, workerHealth] = (await freePorts(5)) as [
      number,
      number,
      number,
      number,
      number,
    ];
    oidc = new OidcStandIn(oidcPort);
    await oidc.start();
    cleanups.push(() => oidc.stop());
    const env: Record<string, string> = {
      ...oidc.env(),
      DICOM_STORAGE_PATH: join(work, 'spool'),
      DICOM_ERROR_PATH: join(work, 'errors'),
      SWEEP_INTERVAL_MS: '500',
    };
    if (mode.app === 'api') {
      const vhost = await createScratchVhost('stow');
      cleanups.push(() => vhost.drop());
      const db = await createScratchDatabase('e2e_stow');
      cleanups.push(() => db.drop());
      Object.assign(env, { DATABASE_URL: db.url, RABBITMQ_URL: vhost.url });
    }
    sut = await startApiUnderTest({ app: mode.app, port, healthPort, listenerPort, adminApiKey: ADMIN_KEY, env });
    cleanups.unshift(() => sut.stop());
    if (mode.app === 'api') {
      const worker: Proc = startApp('router-worker', {
        ...env,
        AXIOM_DATA_DIR: join(work, 'worker'),
        HEALTH_PORT: String(workerHealth),
        HOST: '127.0.0.1',
      });
      cleanups.unshift(() => worker.stop());
      await waitForHttp(`http://127.0.0.1:${workerHealth}/health`, 60_000);
    }
    http = new ApiClient(sut.base);
    // stow_rs instances from this host only: the rule proves both the source and the peer address
    const backend = await http.expect<{ id: number }>(201, 'POST', '/config/storage-backends', admin, {
      name: 'stow-out',
      backend_type: 'filesystem',
      path: out,
    });
    const ruleset = await http.expect<{ id: number }>(201, 'POST', '/rules-engine/rulesets', admin, {
      name: 'stow',
      execution_mode: 'ALL_MATCHES',
    });
    await http.expect(201, 'POST', '/rules-engine/rules', admin, {
      ruleset_id: ruleset.id,
      name: 'stow-from-localhost',
      match_criteria: [],
      applicable_sources: ['stow_rs'],
      destination_ids: [backend.id],
      association_criteria: [{ parameter: 'SOURCE_IP', op: 'ip_in_subnet', value: '127.0.0.0/8' }],
    });
  }, 180_000);

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    rmSync(work, { recursive: true, force: true });
  });

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
      const answer = await curlStow(parts);
      expect(answer.status).toBe(202);
      expect(referencedUidsOf(answer.json).sort()).toEqual(batch.map((s) => s.sopInstanceUid).sort());
      const failed = failedOf(answer.json);
      expect(failed).toHaveLength(invalid.length);
      for (const f of failed) expect(REASONS).toContain(f.reason);
      expect(
        await undelivered(
          batch.map((s) => s.path),
          since,
        ),
      ).toEqual([]);
    }
  });

  it('curl with a Content-Length: 200 when all are kept; 409 when none is; 409 for instances of another study', async () => {
    const [a, b] = sendableSamples().filter((s) => !s.name.startsWith('charset')) as [Sample, Sample];
    expect((await curlStow([a.path, b.path], { chunked: false })).status).toBe(200);
    const none = await curlStow(invalidSamples().slice(0, 3), { chunked: false });
    expect(none.status).toBe(409);
    expect(failedOf(none.json)).toHaveLength(3);
    expect(referencedUidsOf(none.json)).toEqual([]);
    const otherStudy = await curlStow([a.path], { path: '/1.2.826.0.1.3680043.2.1125.999999' });
    expect(otherStudy.status).toBe(409);
    expect(failedOf(otherStudy.json)).toEqual([{ sopInstanceUid: a.sopInstanceUid, reason: 0x0110 }]);
    const study = readStudyUid(a.path);
    expect((await curlStow([a.path], { path: `/${study}` })).status).toBe(200);
  });

  it('refuses what is not multipart/related of application/dicom (400, 415) and callers without identity or role (401, 403)', async () => {
    const [a] = sendableSamples() as [Sample];
    const boundary = 'b0und4ry';
    expect((await curlStow([a.path], { contentType: 'application/dicom' })).status).toBe(400);
    expect((await curlStow([a.path], { contentType: 'multipart/related; type="application/dicom"' })).status).toBe(400);
    expect((await curlStow([a.path], { contentType: `multipart/form-data; boundary=${boundary}` })).status).toBe(415);
    expect(
      (
        await curlStow([a.path], {
          contentType: `multipart/related; type="application/dicom+json"; boundary=${boundary}`,
        })
      ).status,
    ).toBe(415);
    const pdfPart = await fetch(`${sut.base}/dicomweb/studies`, {
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
      fetch(`${sut.base}/dicomweb/studies`, {
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
    expect(readdirSync(join(work, 'spool', 'incoming'))).toEqual([]);

    expect((await curlStow([a.path], { as: 'X-Nobody: 1' })).status).toBe(401);
    expect((await curlStow([a.path], { as: 'Authorization: Api-Key e2estow_wrongwrongwrongwrongwrong' })).status).toBe(
      401,
    );

    // a signed-in User: Bearer token, then the User's API key in the X-API-Key header; without the role, 403
    const signedIn = await http.expect<{ access_token: string; user: { id: number } }>(
      200,
      'POST',
      '/auth/google',
      null,
      { token: await oidc.idToken({ sub: `g-stow-${mode.app}`, email: `stow-${mode.app}@example.org` }) },
    );
    expect((await curlStow([a.path], { as: `Authorization: Bearer ${signedIn.access_token}` })).status).toBe(200);
    const key = await http.expect<{ full_key: string }>(
      201,
      'POST',
      '/apikeys',
      { bearer: signedIn.access_token },
      { name: 'modality' },
    );
    expect((await curlStow([a.path], { as: `X-API-Key: ${key.full_key}` })).status).toBe(200);
    const roles = await http.expect<{ id: number; name: string }[]>(200, 'GET', '/roles', admin);
    const userRole = roles.find((r) => r.name === 'User') as { id: number };
    await http.expect(200, 'DELETE', `/users/${signedIn.user.id}/roles/${userRole.id}`, admin);
    expect((await curlStow([a.path], { as: `X-API-Key: ${key.full_key}` })).status).toBe(403);
  });

  it('Orthanc as STOW-RS client: its job succeeds, one 00081199 item per instance, the bytes Orthanc holds are the bytes delivered', async () => {
    const [httpPort, dicomPort] = (await freePorts(2)) as [number, number];
    const orthanc: OrthancPeer = await startOrthancPeer({
      dir: join(work, 'orthanc'),
      httpPort,
      dicomPort,
      stowUrl: `${sut.base}/dicomweb/`,
      apiKey: ADMIN_KEY,
      scriptDir: join(REPO_ROOT, '..', 'shared', 'peers'),
    });
    try {
      const since = Date.now();
      const samples = batchesByUid(sendableSamples())[0]?.slice(0, 5) as Sample[];
      const ids = await Promise.all(samples.map((s) => orthanc.upload(s.path)));
      const job = await orthanc.stowJob(ids);
      expect(job).toMatchObject({ State: 'Success' });
      const held = await Promise.all(ids.map((id) => orthanc.download(id, work)));
      expect(await undelivered(held, since)).toEqual([]);
    } finally {
      await orthanc.stop();
    }
  });

  it('dicomweb-client (npm) as STOW-RS client: stores, and is refused for another study', async () => {
    const [a, b] = sendableSamples().slice(0, 2) as [Sample, Sample];
    const since = Date.now();
    const stored = await storeWithDicomwebClient(`${sut.base}/dicomweb`, ADMIN_KEY, [a.path, b.path]);
    expect(stored.status).toBe(200);
    expect(referencedUidsOf(stored.json).sort()).toEqual([a.sopInstanceUid, b.sopInstanceUid].sort());
    const refused = await storeWithDicomwebClient(
      `${sut.base}/dicomweb`,
      ADMIN_KEY,
      [a.path],
      '1.2.826.0.1.3680043.2.1125.424242',
    );
    expect(refused.status).toBe(409);
    expect(await undelivered([a.path, b.path], since)).toEqual([]);
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

function interleave(a: string[], b: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) out.push(a[i] as string);
    if (i < b.length) out.push(b[i] as string);
  }
  return out;
}

function readStudyUid(path: string): string {
  const r = run('dcmdump', ['+P', '0020,000d', '-q', path]);
  const match = /\[([0-9.]+)\]/.exec(r.output);
  if (!match?.[1]) throw new Error(`no Study Instance UID in ${path}: ${r.output}`);
  return match[1];
}
