import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { readPart10Layout } from '@axiom/dicom-io';
import { openDatabase } from '@axiom/persistence';
import {
  Proc,
  createScratchDatabase,
  createScratchVhost,
  freePorts,
  startApp,
  validSamples,
  waitFor,
  waitForHttp,
} from '@axiom/testing';
import { filesUnder, sopUidOf } from './fixtures';
import {
  ArchiveProxy,
  ORTHANC_USER,
  OrthancArchive,
  startArchiveProxy,
  startOrthancArchive,
  synthStudy,
} from './dicomweb-poller.peers';

jest.setTimeout(300_000);

const ADMIN_KEY = 'e2epoll_0123456789abcdefABCDEF';
const TOKEN = 'bearer-token-of-the-front';
const FAST = {
  POLL_RECONCILE_INTERVAL_MS: '300',
  POLL_LEASE_MS: '3000',
  POLL_REQUEST_TIMEOUT_MS: '20000',
  POLL_BACKOFF_MAX_MS: '4000',
};
const uid = (n: number) => `1.2.826.0.1.3680043.10.1234.${process.pid}.${n}`;

interface SourceRead {
  id: number;
  found_instance_count: number;
  queued_instance_count: number;
  processed_instance_count: number;
  last_successful_run: string | null;
  last_error_message: string | null;
  next_run_at: string | null;
}

/** The instances the ledger holds from one source: SOP Instance UID -> how many rows. */
async function ledgerOf(db: DataSource, source: string): Promise<Map<string, number>> {
  const rows = (await db.query(
    'SELECT sop_instance_uid AS uid, COUNT(*) AS n FROM instances WHERE source_name = $1 GROUP BY sop_instance_uid'.replace(
      '$1',
      db.options.type === 'postgres' ? '$1' : '?',
    ),
    [source],
  )) as { uid: string; n: string | number }[];
  return new Map(rows.map((r) => [r.uid, Number(r.n)]));
}

async function expectExactly(
  db: DataSource,
  source: string,
  uids: Iterable<string>,
  timeoutMs = 90_000,
): Promise<void> {
  const want = [...new Set(uids)].sort();
  await waitFor(
    `source ${source}: ${want.length} instances`,
    async () => (await ledgerOf(db, source)).size >= want.length,
    timeoutMs,
    200,
  );
  const got = await ledgerOf(db, source);
  expect([...got.keys()].sort()).toEqual(want);
  expect([...got.values()].filter((n) => n !== 1)).toEqual([]);
}

describe('DICOMweb poller (QIDO-RS -> WADO-RS) against Orthanc', () => {
  let work: string;
  let orthanc: OrthancArchive;
  let proxy: ArchiveProxy;
  let closedPort: number;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'axiom-e2e-poller-'));
    const [http, dicom, proxyPort, closed] = await freePorts(4);
    closedPort = closed as number;
    orthanc = await startOrthancArchive(join(work, 'orthanc'), http as number, dicom as number);
    proxy = await startArchiveProxy({ port: proxyPort as number, archivePort: http as number, token: TOKEN });
  });
  afterAll(async () => {
    await proxy?.stop();
    await orthanc?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  describe('embedded mode', () => {
    let app: Proc;
    let env: Record<string, string>;
    let base: string;
    let db: DataSource;
    const out = () => join(work, 'out');

    async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { Authorization: `Api-Key ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
    }
    const source = async (id: number) => (await api<SourceRead>('GET', `/config/dicomweb-sources/${id}`)).body;
    const create = async (body: Record<string, unknown>) => {
      const res = await api<SourceRead>('POST', '/config/dicomweb-sources', {
        qido_prefix: '',
        wado_prefix: '',
        polling_interval_seconds: 2,
        ...body,
      });
      expect(res.status).toBe(201);
      return res.body;
    };
    const boot = async () => {
      app = startApp('standalone', env);
      await waitForHttp(`${base}/system/health`);
    };

    let archiveId: number;
    let study2: string[];
    let samplesHeld: number;

    beforeAll(async () => {
      const [apiPort, healthPort, listenerPort] = await freePorts(3);
      base = `http://127.0.0.1:${apiPort}/api/v1`;
      env = {
        AXIOM_DATA_DIR: join(work, 'data'),
        PORT: String(apiPort),
        HEALTH_PORT: String(healthPort),
        HOST: '127.0.0.1',
        AXIOM_ADMIN_API_KEY: ADMIN_KEY,
        AXIOM_DEFAULT_LISTENER_PORT: String(listenerPort),
        ...FAST,
      };
      // every sample Orthanc takes (it refuses a few, e.g. bare data sets), plus synthetic studies
      samplesHeld = (await orthanc.upload(validSamples().map((s) => s.path))).length;
      const oldStudy = synthStudy(join(work, 'synth'), {
        studyUid: uid(1),
        seriesUids: [uid(11), uid(12)],
        perSeries: 2,
        date: '20190301',
      });
      study2 = synthStudy(join(work, 'synth'), { studyUid: uid(2), seriesUids: [uid(21)], perSeries: 3 });
      await orthanc.upload([...oldStudy, ...study2]);
      await boot();
      db = await openDatabase(
        { databaseUrl: null, sqlitePath: join(env['AXIOM_DATA_DIR'] as string, 'axiom.sqlite') },
        { migrate: false },
      );
      const backend = await api<{ id: number }>('POST', '/config/storage-backends', {
        name: 'out',
        backend_type: 'filesystem',
        path: out(),
      });
      const ruleset = await api<{ id: number }>('POST', '/rules-engine/rulesets', {
        name: 'all',
        execution_mode: 'ALL_MATCHES',
      });
      await api('POST', '/rules-engine/rules', {
        ruleset_id: ruleset.body.id,
        name: 'all',
        match_criteria: [],
        destination_ids: [backend.body.id],
      });
    });
    afterAll(async () => {
      await app?.stop();
      await db?.destroy();
    });

    it('retrieves every instance the archive holds once, byte for byte, with the counts', async () => {
      const held = await orthanc.instances();
      expect(samplesHeld).toBeGreaterThan(30);
      archiveId = (
        await create({
          name: 'archive',
          base_url: orthanc.dicomwebUrl,
          auth_type: 'basic',
          auth_config: ORTHANC_USER,
          max_concurrent_retrievals: 3,
        })
      ).id;
      await expectExactly(db, 'archive', held.values());
      await waitFor('every instance delivered', () => filesUnder(out()).length >= held.size, 60_000);
      const delivered = new Map(filesUnder(out()).map((f) => [sopUidOf(f), f]));
      for (const [id, sop] of held) {
        const original = await orthanc.file(id);
        const path = delivered.get(sop);
        const file = path ? readFileSync(path) : Buffer.alloc(0);
        const same =
          path !== undefined &&
          file
            .subarray(readPart10Layout(file).datasetOffset)
            .equals(original.subarray(readPart10Layout(original).datasetOffset));
        expect({ sop, same }).toEqual({ sop, same: true });
      }
      const read = await waitFor('the round recorded', async () => {
        const s = await source(archiveId);
        return s.last_successful_run ? s : undefined;
      });
      expect(read).toMatchObject({
        found_instance_count: held.size,
        queued_instance_count: held.size,
        processed_instance_count: held.size,
        last_error_message: null,
      });
      expect(read.next_run_at).toEqual(expect.any(String));
      const status = (
        await api<{ id: number; next_run_at: string | null; counts: Record<string, number> }[]>(
          'GET',
          '/system/dicomweb-pollers/status',
        )
      ).body;
      expect(status.find((s) => s.id === archiveId)?.counts).toMatchObject({ processed_instance_count: held.size });
    });

    it('fetches a new study and a late series of an old study, and nothing twice over the next rounds', async () => {
      const late = synthStudy(join(work, 'late'), {
        studyUid: uid(1),
        seriesUids: [uid(13)],
        perSeries: 2,
        date: '20190301',
      });
      await orthanc.upload([
        ...late,
        ...synthStudy(join(work, 'new'), { studyUid: uid(3), seriesUids: [uid(31)], perSeries: 2 }),
      ]);
      const held = await orthanc.instances();
      await expectExactly(db, 'archive', held.values());
      const rounds = new Set<string>();
      await waitFor(
        'three more rounds',
        async () => {
          rounds.add((await source(archiveId)).last_successful_run ?? '');
          return rounds.size >= 4;
        },
        30_000,
        200,
      );
      await expectExactly(db, 'archive', held.values());
      expect((await source(archiveId)).processed_instance_count).toBe(held.size);
    });

    it('polls now whatever the schedule, and refuses to poll a disabled source', async () => {
      await api('PATCH', `/config/dicomweb-sources/${archiveId}`, { is_active: false, polling_interval_seconds: 3600 });
      await orthanc.upload(synthStudy(join(work, 'now'), { studyUid: uid(4), seriesUids: [uid(41)], perSeries: 1 }));
      const poll = await api<{ id: number; poll_requested_at: string }>(
        'POST',
        `/config/dicomweb-sources/${archiveId}/poll`,
      );
      expect(poll.status).toBe(202);
      await expectExactly(db, 'archive', (await orthanc.instances()).values());
      await api('PATCH', `/config/dicomweb-sources/${archiveId}`, { is_enabled: false });
      expect((await api('POST', `/config/dicomweb-sources/${archiveId}/poll`)).status).toBe(409);
    });

    it('authenticates with a bearer token, reports a refused token and a source that is down, and these block nothing', async () => {
      const down = await create({ name: 'down', base_url: `http://127.0.0.1:${closedPort}/dicom-web` });
      const refused = await create({
        name: 'refused',
        base_url: proxy.url,
        auth_type: 'bearer',
        auth_config: { token: 'wrong' },
      });
      const fronted = await create({
        name: 'fronted',
        base_url: proxy.url,
        auth_type: 'bearer',
        auth_config: { token: TOKEN },
        search_filters: { StudyInstanceUID: uid(2) },
      });
      await expectExactly(db, 'fronted', study2.map(sopUidOf));
      await waitFor(
        'both errors recorded',
        async () => (await source(down.id)).last_error_message && (await source(refused.id)).last_error_message,
        30_000,
      );
      expect((await source(refused.id)).last_error_message).toMatch(/401/);
      expect((await source(down.id)).last_error_message).toMatch(/ECONNREFUSED|fetch failed/);
      expect((await source(fronted.id)).last_error_message).toBeNull();
      for (const id of [down.id, refused.id, fronted.id]) await api('DELETE', `/config/dicomweb-sources/${id}`);
    });

    it('after a kill -9 in the middle of a retrieval, the restarted router has everything once', async () => {
      const files = synthStudy(join(work, 'kill'), { studyUid: uid(5), seriesUids: [uid(51), uid(52)], perSeries: 3 });
      await orthanc.upload(files);
      proxy.hold(true);
      await create({
        name: 'held',
        base_url: proxy.url,
        auth_type: 'bearer',
        auth_config: { token: TOKEN },
        search_filters: { StudyInstanceUID: uid(5) },
        max_concurrent_retrievals: 2,
      });
      await waitFor('a retrieval caught in the middle', () => proxy.held() >= 1, 30_000, 50);
      await app.kill9();
      proxy.hold(false);
      await boot();
      await expectExactly(db, 'held', files.map(sopUidOf));
    });
  });

  describe('distributed mode: two pollers over PostgreSQL', () => {
    it('a poller killed holding the lease, then the one that took it over: after a restart nothing missing, nothing twice', async () => {
      const scratch = await createScratchDatabase('e2e_poller');
      const vhost = await createScratchVhost('poller');
      const db = await openDatabase({ databaseUrl: scratch.url, sqlitePath: '' }, { migrate: true });
      const procs: Proc[] = [];
      try {
        const [apiPort, h1, h2, h3] = await freePorts(4);
        const env = {
          DATABASE_URL: scratch.url,
          RABBITMQ_URL: vhost.url,
          AXIOM_DATA_DIR: join(work, 'dist'),
          DICOM_STORAGE_PATH: join(work, 'dist-spool'),
          AXIOM_ENCRYPTION_KEY: 'a'.repeat(64),
          ...FAST,
        };
        const api = startApp('api', { ...env, PORT: String(apiPort), AXIOM_ADMIN_API_KEY: ADMIN_KEY });
        procs.push(api);
        await waitForHttp(`http://127.0.0.1:${apiPort}/api/v1/system/health`);
        const files = synthStudy(join(work, 'dist-study'), {
          studyUid: uid(6),
          seriesUids: [uid(61), uid(62)],
          perSeries: 3,
        });
        await orthanc.upload(files);
        proxy.hold(true);
        const res = await fetch(`http://127.0.0.1:${apiPort}/api/v1/config/dicomweb-sources`, {
          method: 'POST',
          headers: { Authorization: `Api-Key ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            name: 'dist',
            base_url: proxy.url,
            qido_prefix: '',
            wado_prefix: '',
            auth_type: 'bearer',
            auth_config: { token: TOKEN },
            search_filters: { StudyInstanceUID: uid(6) },
          }),
        });
        expect(res.status).toBe(201);
        const pollers = new Map<number, Proc>();
        for (const port of [h1, h2]) {
          const p = startApp('poller', { ...env, HEALTH_PORT: String(port) });
          procs.push(p);
          pollers.set(p.child.pid as number, p);
        }
        const holder = async (except?: number) =>
          waitFor(
            'a poller holding the lease in a retrieval',
            async () => {
              const [row] = (await db.query('SELECT lease_owner FROM polling_states')) as {
                lease_owner: string | null;
              }[];
              const pid = Number(row?.lease_owner?.split(':')[1]);
              return pollers.has(pid) && pid !== except && proxy.held() >= 1 ? pid : undefined;
            },
            60_000,
            100,
          );
        const first = await holder();
        await pollers.get(first)?.kill9();
        const second = await holder(first);
        await pollers.get(second)?.kill9();
        proxy.hold(false);
        procs.push(startApp('poller', { ...env, HEALTH_PORT: String(h3) }));
        await expectExactly(db, 'dist', files.map(sopUidOf));
      } finally {
        proxy.hold(false);
        await Promise.all(procs.map((p) => p.stop()));
        await db.destroy();
        await scratch.drop();
        await vhost.drop();
      }
    });
  });
});
