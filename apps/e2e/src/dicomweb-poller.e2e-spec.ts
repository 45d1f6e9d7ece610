import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPart10Layout } from '@axiom/dicom-io';
import { openDatabase } from '@axiom/persistence';
import {
  Proc,
  createScratchDatabase,
  createScratchVhost,
  freePorts,
  startApp,
  waitFor,
  waitForHttp,
} from '@axiom/testing';
import { filesUnder, sopUidOf } from './fixtures';
import { ORTHANC_USER, synthStudy } from './dicomweb-poller.peers';
import {
  ADMIN_KEY,
  FAST,
  TOKEN,
  expectExactly,
  uid,
  useEmbeddedPoller,
  usePollerPeers,
} from './support/dicomweb-poller';

jest.setTimeout(300_000);

describe('DICOMweb poller (QIDO-RS -> WADO-RS) against Orthanc', () => {
  const peers = usePollerPeers();

  describe('embedded mode', () => {
    const router = useEmbeddedPoller(peers);
    const { api, source, create, boot, out } = router;
    let archiveId: number;

    it('retrieves every instance the archive holds once, byte for byte, with the counts', async () => {
      const held = await peers.orthanc.instances();
      expect(router.samplesHeld).toBeGreaterThan(30);
      archiveId = (
        await create({
          name: 'archive',
          base_url: peers.orthanc.dicomwebUrl,
          auth_type: 'basic',
          auth_config: ORTHANC_USER,
          max_concurrent_retrievals: 3,
        })
      ).id;
      await expectExactly(router.db, 'archive', held.values());
      await waitFor('every instance delivered', () => filesUnder(out()).length >= held.size, 60_000);
      const delivered = new Map(filesUnder(out()).map((f) => [sopUidOf(f), f]));
      for (const [id, sop] of held) {
        const original = await peers.orthanc.file(id);
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
      const late = synthStudy(join(peers.work, 'late'), {
        studyUid: uid(1),
        seriesUids: [uid(13)],
        perSeries: 2,
        date: '20190301',
      });
      await peers.orthanc.upload([
        ...late,
        ...synthStudy(join(peers.work, 'new'), { studyUid: uid(3), seriesUids: [uid(31)], perSeries: 2 }),
      ]);
      const held = await peers.orthanc.instances();
      await expectExactly(router.db, 'archive', held.values());
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
      await expectExactly(router.db, 'archive', held.values());
      expect((await source(archiveId)).processed_instance_count).toBe(held.size);
    });

    it('polls now whatever the schedule, and refuses to poll a disabled source', async () => {
      await api('PATCH', `/config/dicomweb-sources/${archiveId}`, { is_active: false, polling_interval_seconds: 3600 });
      await peers.orthanc.upload(
        synthStudy(join(peers.work, 'now'), { studyUid: uid(4), seriesUids: [uid(41)], perSeries: 1 }),
      );
      const poll = await api<{ id: number; poll_requested_at: string }>(
        'POST',
        `/config/dicomweb-sources/${archiveId}/poll`,
      );
      expect(poll.status).toBe(202);
      await expectExactly(router.db, 'archive', (await peers.orthanc.instances()).values());
      await api('PATCH', `/config/dicomweb-sources/${archiveId}`, { is_enabled: false });
      expect((await api('POST', `/config/dicomweb-sources/${archiveId}/poll`)).status).toBe(409);
    });

    it('authenticates with a bearer token, reports a refused token and a source that is down, and these block nothing', async () => {
      const down = await create({ name: 'down', base_url: `http://127.0.0.1:${peers.closedPort}/dicom-web` });
      const refused = await create({
        name: 'refused',
        base_url: peers.proxy.url,
        auth_type: 'bearer',
        auth_config: { token: 'wrong' },
      });
      const fronted = await create({
        name: 'fronted',
        base_url: peers.proxy.url,
        auth_type: 'bearer',
        auth_config: { token: TOKEN },
        search_filters: { StudyInstanceUID: uid(2) },
      });
      await expectExactly(router.db, 'fronted', router.study2.map(sopUidOf));
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
      const files = synthStudy(join(peers.work, 'kill'), {
        studyUid: uid(5),
        seriesUids: [uid(51), uid(52)],
        perSeries: 3,
      });
      await peers.orthanc.upload(files);
      peers.proxy.hold(true);
      await create({
        name: 'held',
        base_url: peers.proxy.url,
        auth_type: 'bearer',
        auth_config: { token: TOKEN },
        search_filters: { StudyInstanceUID: uid(5) },
        max_concurrent_retrievals: 2,
      });
      await waitFor('a retrieval caught in the middle', () => peers.proxy.held() >= 1, 30_000, 50);
      await router.app.kill9();
      peers.proxy.hold(false);
      await boot();
      await expectExactly(router.db, 'held', files.map(sopUidOf));
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
          AXIOM_DATA_DIR: join(peers.work, 'dist'),
          DICOM_STORAGE_PATH: join(peers.work, 'dist-spool'),
          AXIOM_ENCRYPTION_KEY: 'a'.repeat(64),
          ...FAST,
        };
        const api = startApp('api', { ...env, PORT: String(apiPort), AXIOM_ADMIN_API_KEY: ADMIN_KEY });
        procs.push(api);
        await waitForHttp(`http://127.0.0.1:${apiPort}/api/v1/system/health`);
        const files = synthStudy(join(peers.work, 'dist-study'), {
          studyUid: uid(6),
          seriesUids: [uid(61), uid(62)],
          perSeries: 3,
        });
        await peers.orthanc.upload(files);
        peers.proxy.hold(true);
        const res = await fetch(`http://127.0.0.1:${apiPort}/api/v1/config/dicomweb-sources`, {
          method: 'POST',
          headers: { Authorization: `Api-Key ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            name: 'dist',
            base_url: peers.proxy.url,
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
              return pollers.has(pid) && pid !== except && peers.proxy.held() >= 1 ? pid : undefined;
            },
            60_000,
            100,
          );
        const first = await holder();
        await pollers.get(first)?.kill9();
        const second = await holder(first);
        await pollers.get(second)?.kill9();
        peers.proxy.hold(false);
        procs.push(startApp('poller', { ...env, HEALTH_PORT: String(h3) }));
        await expectExactly(db, 'dist', files.map(sopUidOf));
      } finally {
        peers.proxy.hold(false);
        await Promise.all(procs.map((p) => p.stop()));
        await db.destroy();
        await scratch.drop();
        await vhost.drop();
      }
    });
  });
});
