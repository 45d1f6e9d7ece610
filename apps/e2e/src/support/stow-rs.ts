import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { multipartBuffer, multipartRelatedType, newBoundary } from '@axiom/dicomweb';
import {
  ApiClient,
  ApiUnderTest,
  Caller,
  OidcStandIn,
  Proc,
  createScratchDatabase,
  createScratchVhost,
  datasetOf,
  freePorts,
  run,
  runAsync,
  sha256,
  startApiUnderTest,
  startApp,
  waitFor,
  waitForHttp,
} from '@axiom/testing';
import { filesUnder } from '../fixtures';
import { DicomJson, StowAnswer } from '../stow-rs.peers';

export const ADMIN_KEY = 'e2estow_0123456789abcdefABCDEF01';
export const MODES = [
  { app: 'standalone', label: 'embedded (standalone, SQLite, in-process transport)' },
  { app: 'api', label: 'distributed (api app + router-worker, PostgreSQL, RabbitMQ)' },
] as const;
export type StowMode = (typeof MODES)[number];
/** File times come from the kernel's coarse clock, a few ms behind Date.now(). */
const MTIME_SLACK_MS = 50;

/**
 * The router taking STOW-RS in one mode, with a filesystem destination. Every field is set by
 * the `beforeAll` of `useStowRig`: read them inside tests only.
 */
export interface StowRig {
  work: string;
  /** The folder of the filesystem destination every STOW-RS instance from 127.0.0.0/8 goes to. */
  out: string;
  sut: ApiUnderTest;
  http: ApiClient;
  oidc: OidcStandIn;
}

/**
 * Registers the `beforeAll`/`afterAll` of a STOW-RS suite: an OIDC stand-in, the app of `mode`
 * (for `api`, on a scratch database and vhost, with a router-worker), and one rule sending the
 * stow_rs instances of this host to the filesystem destination `out`.
 */
export function useStowRig(mode: StowMode): StowRig {
  const rig = {} as StowRig;
  const admin: Caller = { apiKey: ADMIN_KEY, header: 'authorization' };
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    rig.work = mkdtempSync(join(tmpdir(), `axiom-e2e-stow-${mode.app}-`));
    rig.out = join(rig.work, 'out');
    const [port, healthPort, listenerPort, oidcPort, workerHealth] = (await freePorts(5)) as [
      number,
      number,
      number,
      number,
      number,
    ];
    rig.oidc = new OidcStandIn(oidcPort);
    await rig.oidc.start();
    cleanups.push(() => rig.oidc.stop());
    const env: Record<string, string> = {
      ...rig.oidc.env(),
      DICOM_STORAGE_PATH: join(rig.work, 'spool'),
      DICOM_ERROR_PATH: join(rig.work, 'errors'),
      SWEEP_INTERVAL_MS: '500',
    };
    if (mode.app === 'api') {
      const vhost = await createScratchVhost('stow');
      cleanups.push(() => vhost.drop());
      const db = await createScratchDatabase('e2e_stow');
      cleanups.push(() => db.drop());
      Object.assign(env, { DATABASE_URL: db.url, RABBITMQ_URL: vhost.url });
    }
    rig.sut = await startApiUnderTest({ app: mode.app, port, healthPort, listenerPort, adminApiKey: ADMIN_KEY, env });
    cleanups.unshift(() => rig.sut.stop());
    if (mode.app === 'api') {
      const worker: Proc = startApp('router-worker', {
        ...env,
        AXIOM_DATA_DIR: join(rig.work, 'worker'),
        HEALTH_PORT: String(workerHealth),
        HOST: '127.0.0.1',
      });
      cleanups.unshift(() => worker.stop());
      await waitForHttp(`http://127.0.0.1:${workerHealth}/health`, 60_000);
    }
    rig.http = new ApiClient(rig.sut.base);
    // stow_rs instances from this host only: the rule proves both the source and the peer address
    const backend = await rig.http.expect<{ id: number }>(201, 'POST', '/config/storage-backends', admin, {
      name: 'stow-out',
      backend_type: 'filesystem',
      path: rig.out,
    });
    const ruleset = await rig.http.expect<{ id: number }>(201, 'POST', '/rules-engine/rulesets', admin, {
      name: 'stow',
      execution_mode: 'ALL_MATCHES',
    });
    await rig.http.expect(201, 'POST', '/rules-engine/rules', admin, {
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
    rmSync(rig.work, { recursive: true, force: true });
  });

  return rig;
}

/**
 * POSTs files as one multipart/related body with curl (chunked unless a length is asked for; as
 * the admin unless `as` names another header); the status and the DICOM JSON answer.
 */
export async function curlStow(
  rig: StowRig,
  parts: string[],
  o: { path?: string; chunked?: boolean; contentType?: string; as?: string } = {},
): Promise<StowAnswer> {
  const boundary = newBoundary();
  const bodyFile = join(rig.work, `${boundary}.body`);
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
    `${rig.sut.base}/dicomweb/studies${o.path ?? ''}`,
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
export async function undelivered(rig: StowRig, paths: string[], since: number): Promise<string[]> {
  const wanted = new Map(paths.map((p) => [sha256(datasetOf(p)), p]));
  const missing = (): string[] => {
    const seen = new Set(
      filesUnder(rig.out)
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

/** a[0], b[0], a[1], b[1], ...; the rest of the longer list at the end. */
export function interleave(a: string[], b: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) out.push(a[i] as string);
    if (i < b.length) out.push(b[i] as string);
  }
  return out;
}

/** The Study Instance UID of a file (dcmtk's dcmdump). */
export function readStudyUid(path: string): string {
  const r = run('dcmdump', ['+P', '0020,000d', '-q', path]);
  const match = /\[([0-9.]+)\]/.exec(r.output);
  if (!match?.[1]) throw new Error(`no Study Instance UID in ${path}: ${r.output}`);
  return match[1];
}
