import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { IncomingMessage, Server, ServerResponse, createServer, request } from 'node:http';
import { join, resolve } from 'node:path';
import { REPO_ROOT, SAMPLES_DIR, run, waitFor } from '@axiom/testing';

export const ORTHANC_USER = { username: 'poller', password: 'p0ll3r-secret' };

export interface OrthancArchive {
  httpPort: number;
  /** The DICOMweb root (QIDO-RS and WADO-RS both there: empty prefixes). */
  dicomwebUrl: string;
  /** Stores files; the Orthanc instance ids. */
  upload(paths: string[]): Promise<string[]>;
  /** Every instance Orthanc holds: Orthanc id -> SOP Instance UID. */
  instances(): Promise<Map<string, string>>;
  /** The file Orthanc stored for an instance. */
  file(id: string): Promise<Buffer>;
  stop(): Promise<void>;
}

/**
 * Orthanc as the remote archive, started from the shared peer config with HTTP authentication
 * on (RegisteredUsers): QIDO-RS and WADO-RS answer 401 without the poller's Basic credentials.
 */
export async function startOrthancArchive(dir: string, httpPort: number, dicomPort: number): Promise<OrthancArchive> {
  mkdirSync(join(dir, 'db'), { recursive: true });
  const base = JSON.parse(readFileSync(resolve(REPO_ROOT, '..', 'shared', 'peers', 'orthanc.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const config = {
    ...base,
    StorageDirectory: join(dir, 'db'),
    IndexDirectory: join(dir, 'db'),
    HttpPort: httpPort,
    DicomPort: dicomPort,
    AuthenticationEnabled: true,
    RegisteredUsers: { [ORTHANC_USER.username]: ORTHANC_USER.password },
  };
  writeFileSync(join(dir, 'orthanc.json'), JSON.stringify(config, null, 2));
  const child = spawn('Orthanc', [join(dir, 'orthanc.json')], { stdio: 'ignore' });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const rest = `http://127.0.0.1:${httpPort}`;
  const auth = {
    Authorization: `Basic ${Buffer.from(`${ORTHANC_USER.username}:${ORTHANC_USER.password}`).toString('base64')}`,
  };
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(`${rest}${path}`, {
      ...init,
      headers: { ...auth, ...(init.headers as Record<string, string> | undefined) },
    });
    if (!res.ok) throw new Error(`Orthanc ${init.method ?? 'GET'} ${path} -> ${res.status} ${await res.text()}`);
    return res;
  };
  await waitFor(
    'Orthanc with authentication to answer',
    async () => {
      if (child.exitCode !== null) throw new Error('Orthanc exited');
      return fetch(`${rest}/plugins`, { headers: auth })
        .then(async (r) => r.ok && (await r.text()).includes('dicom-web'))
        .catch(() => false);
    },
    30_000,
    100,
  );
  return {
    httpPort,
    dicomwebUrl: `${rest}/dicom-web`,
    upload: async (paths) => {
      const ids: string[] = [];
      for (const p of paths) {
        const res = await fetch(`${rest}/instances`, { method: 'POST', headers: auth, body: readFileSync(p) });
        if (res.ok) ids.push(((await res.json()) as { ID: string }).ID);
        else await res.text();
      }
      return ids;
    },
    instances: async () => {
      const list = (await (await call('/instances?expand')).json()) as {
        ID: string;
        MainDicomTags: { SOPInstanceUID: string };
      }[];
      return new Map(list.map((i) => [i.ID, i.MainDicomTags.SOPInstanceUID]));
    },
    file: async (id) => Buffer.from(await (await call(`/instances/${id}/file`)).arrayBuffer()),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * A study made from the CT sample: `series` gives each series' instance count; fresh UIDs
 * (dcmtk's dcmodify), the study UID and series UIDs as given.
 */
export function synthStudy(
  dir: string,
  o: { studyUid: string; seriesUids: string[]; perSeries: number; date?: string },
): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [s, seriesUid] of o.seriesUids.entries()) {
    const batch: string[] = [];
    for (let i = 0; i < o.perSeries; i++) {
      const f = join(dir, `${o.studyUid}-${s}-${i}.dcm`);
      copyFileSync(join(SAMPLES_DIR, 'ct-explicit-le.dcm'), f);
      batch.push(f);
    }
    const args = [
      '-nb',
      '-gin',
      '-m',
      `(0020,000d)=${o.studyUid}`,
      '-m',
      `(0020,000e)=${seriesUid}`,
      ...(o.date ? ['-m', `(0008,0020)=${o.date}`] : []),
      ...batch,
    ];
    const r = run('dcmodify', args);
    if (r.status !== 0) throw new Error(`dcmodify failed: ${r.output}`);
    files.push(...batch);
  }
  return files;
}

export interface ArchiveProxy {
  url: string;
  /** WADO-RS answers in flight that the proxy holds back (after their first bytes). */
  held(): number;
  /** Holds each WADO-RS answer after its first bytes until `release()`, or lets them through. */
  hold(on: boolean): void;
  stop(): Promise<void>;
}

/**
 * A DICOMweb front for the archive that wants a Bearer token (it forwards with the archive's
 * Basic credentials), and that can hold WADO-RS answers half sent: a retrieval caught in the
 * middle, for the kill -9 tests.
 */
export async function startArchiveProxy(o: {
  port: number;
  archivePort: number;
  token: string;
}): Promise<ArchiveProxy> {
  let holding = false;
  const waiting = new Set<() => void>();
  const basic = `Basic ${Buffer.from(`${ORTHANC_USER.username}:${ORTHANC_USER.password}`).toString('base64')}`;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.authorization !== `Bearer ${o.token}`) {
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end();
      return;
    }
    const upstream = request(
      {
        host: '127.0.0.1',
        port: o.archivePort,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, authorization: basic, host: `127.0.0.1:${o.archivePort}` },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        const isWado = /\/instances\/[^/]+$/.test((req.url ?? '').split('?')[0] ?? '');
        if (!isWado || !holding) {
          up.pipe(res);
          return;
        }
        up.once('data', (first: Buffer) => {
          up.pause();
          res.write(first.subarray(0, Math.min(first.length, 512)));
          const rest = first.subarray(Math.min(first.length, 512));
          const go = (): void => {
            waiting.delete(go);
            res.write(rest);
            up.pipe(res);
            up.resume();
          };
          waiting.add(go);
          res.once('close', () => waiting.delete(go));
        });
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(o.port, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${o.port}/dicom-web`,
    held: () => waiting.size,
    hold: (on) => {
      holding = on;
      if (!on) for (const go of [...waiting]) go();
    },
    stop: () => {
      for (const go of [...waiting]) go();
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
