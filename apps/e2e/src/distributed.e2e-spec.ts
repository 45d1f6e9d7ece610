import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreAssociation } from '@axiom/dicom-dimse';
import { DicomFile, readPart10Layout } from '@axiom/dicom-io';
import { DeliveryStatus, InstanceState } from '@axiom/domain';
import {
  ApiClient,
  Caller,
  Proc,
  SAMPLES_DIR,
  batchesByUid,
  createScratchDatabase,
  createScratchVhost,
  datasetOf,
  echo,
  freePorts,
  invalidSamples,
  run,
  runAsync,
  startApp,
  startStorescp,
  sendableSamples,
  sha256,
  WireTap,
  waitFor,
  waitForHttp,
} from '@axiom/testing';
import { SeededRouting, filesUnder, makeCorpus, seedRouting, sopUidOf } from './fixtures';

jest.setTimeout(600_000);

const ADMIN_KEY = 'e2edist_0123456789abcdefABCDEF';
const PAGE = 1000;

interface Delivery {
  id: number;
  instance_id: number;
  status: string;
  last_error: string | null;
}
interface Instance {
  id: number;
  sop_instance_uid: string;
  state: string;
}

/**
 * Black box: set up through the REST API, send over DICOM, check through the API's ledger routes
 * and the files that arrive. Nothing reads or writes the database behind the processes' backs.
 */
describe('distributed mode: PostgreSQL + RabbitMQ, separate listener and worker processes', () => {
  const admin: Caller = { apiKey: ADMIN_KEY };
  let work: string;
  let drops: (() => Promise<void>)[];
  let env: Record<string, string>;
  let listener: Proc;
  let worker: Proc;
  let storescp: Proc;
  let api: Proc;
  let http: ApiClient;
  let seeded: SeededRouting;
  let dirs: { plain: string; morphed: string; scp: string; crash: string };
  let ports: {
    listener: number;
    storescp: number;
    tap: number;
    api: number;
    listenerHealth: number;
    workerHealth: number;
  };

  /** Every row of a ledger list route, page by page. */
  async function all<T>(path: string): Promise<T[]> {
    const rows: T[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await http.expect<T[]>(
        200,
        'GET',
        `${path}${path.includes('?') ? '&' : '?'}limit=${PAGE}&offset=${offset}`,
        admin,
      );
      rows.push(...page);
      if (page.length < PAGE) return rows;
    }
  }
  const startWorker = (): Proc => startApp('router-worker', { ...env, HEALTH_PORT: String(ports.workerHealth) });

  beforeAll(async () => {
    const [l, s, t, a, lh, wh] = (await freePorts(6)) as [number, number, number, number, number, number];
    ports = { listener: l, storescp: s, tap: t, api: a, listenerHealth: lh, workerHealth: wh };
    work = mkdtempSync(join(tmpdir(), 'axiom-e2e-dist-'));
    dirs = {
      plain: join(work, 'out-plain'),
      morphed: join(work, 'out-morphed'),
      scp: join(work, 'storescp'),
      crash: join(work, 'out-crash'),
    };
    const db = await createScratchDatabase('e2e_dist');
    const vhost = await createScratchVhost('e2e-dist');
    drops = [db.drop, vhost.drop];
    env = {
      DATABASE_URL: db.url,
      RABBITMQ_URL: vhost.url,
      AXIOM_DATA_DIR: join(work, 'data'),
      DICOM_STORAGE_PATH: join(work, 'spool'),
      CSTORE_IDLE_CLOSE_MS: '1000',
      // a claim of the killed worker runs out after 5 s and its delivery is sent again
      DELIVERY_BACKOFF_BASE_MS: '200',
      SWEEP_INTERVAL_MS: '500',
      DELIVERY_CLAIM_LEASE_MS: '5000',
    };
    // the api migrates the empty database; the listener and the worker start on the migrated one
    api = startApp('api', { ...env, PORT: String(ports.api), AXIOM_ADMIN_API_KEY: ADMIN_KEY });
    http = new ApiClient(`http://127.0.0.1:${ports.api}/api/v1`);
    await waitForHttp(`${http.base}/system/health`);
    seeded = await seedRouting(http, admin, { listenerPort: ports.listener, storescpPort: ports.storescp, dirs });
    storescp = startStorescp(ports.storescp, dirs.scp);
    listener = startApp('dimse-listener', { ...env, HEALTH_PORT: String(ports.listenerHealth) });
    worker = startWorker();
    await waitForHttp(`http://127.0.0.1:${ports.workerHealth}/health`);
    await waitFor('the listener to accept C-ECHO', () => echo(ports.listener, 'AXIOM'));
  });

  afterAll(async () => {
    await Promise.all([listener?.stop(), worker?.stop(), storescp?.stop(), api?.stop()]);
    for (const drop of drops ?? []) await drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('answers C-ECHO and refuses an unknown called AE title', () => {
    expect(echo(ports.listener, 'AXIOM')).toBe(true);
    expect(echo(ports.listener, 'NOT_AXIOM')).toBe(false);
  });

  it('delivers every sample exactly as it came over the wire, to the filesystem and to dcmtk storescp, and morphs only what a rule touches', async () => {
    const tap = new WireTap(ports.tap, { host: '127.0.0.1', port: ports.listener });
    await tap.start();
    let checked = 0;
    try {
      for (const batch of batchesByUid(sendableSamples())) {
        // storescp keeps its folder (it cannot write into a removed one); ours start empty per batch
        for (const d of [dirs.plain, dirs.morphed]) rmSync(d, { recursive: true, force: true });
        tap.reset();
        const before = (await all<Instance>('/instances')).length;
        // -dn: dcmsend sends each file in its own transfer syntax; it still skips files it cannot send
        await runAsync('dcmsend', [
          '-nh',
          '-dn',
          '-aec',
          'AXIOM',
          '127.0.0.1',
          String(ports.tap),
          ...batch.map((s) => s.path),
        ]);
        const wire = tap.datasets();
        await waitFor(
          'the batch received and every delivery final',
          async () => {
            const received = (await all<Instance>('/instances')).length - before;
            const unfinished = [
              ...(await all<Instance>(`/instances?state=${InstanceState.Received}`)),
              ...(await all<Instance>(`/instances?state=${InstanceState.Routed}`)),
            ];
            return received >= wire.length && unfinished.length === 0;
          },
          90_000,
        );
        // storescp (dcmtk 3.6.7) refuses some transfer syntaxes (JPEG 2000, HTJ2K): those deliveries are
        // dead-lettered with the peer's refusal as the reason, the other destinations still get them
        const refusedByScp = await all<Delivery>(
          `/deliveries?status=${DeliveryStatus.Failed}&storage_backend_id=${seeded.backends.storescp}`,
        );
        for (const d of refusedByScp)
          expect({ delivery: d.id, error: d.last_error }).toEqual({
            delivery: d.id,
            error: expect.stringMatching(/refused/),
          });
        const refusedUids = new Set<string>();
        for (const d of refusedByScp)
          refusedUids.add(
            (await http.expect<Instance>(200, 'GET', `/instances/${d.instance_id}`, admin)).sop_instance_uid,
          );
        const plain = new Set(filesUnder(dirs.plain).map((f) => sha256(datasetOf(f))));
        const atScp = new Set(filesUnder(dirs.scp).map((f) => sha256(datasetOf(f))));
        for (const [i, w] of wire.entries()) {
          const names = batch.map((x) => x.name);
          const refused = refusedUids.has(
            sopUidOf(filesUnder(dirs.plain).find((f) => sha256(datasetOf(f)) === sha256(w)) ?? ''),
          );
          expect({
            batch: names,
            dataset: i,
            filesystem: plain.has(sha256(w)),
            storescp: refused || atScp.has(sha256(w)),
          }).toEqual({ batch: names, dataset: i, filesystem: true, storescp: true });
        }
        expect(filesUnder(dirs.plain)).toHaveLength(wire.length);
        checked += wire.length;
        // CT images also went through a morphing rule: InstitutionName set, every other element as received
        for (const f of filesUnder(dirs.plain).filter(
          (x) => DicomFile.parse(readFileSync(x), { headerOnly: true }).string(0x00080060) === 'CT',
        )) {
          const uid = sopUidOf(f);
          const morphedPath = filesUnder(dirs.morphed).find((x) => x.endsWith(`${uid}.dcm`));
          expect({ uid, morphed: Boolean(morphedPath) }).toEqual({ uid, morphed: true });
          const sent = DicomFile.parse(readFileSync(f));
          const after = DicomFile.parse(readFileSync(morphedPath as string));
          expect(after.string(0x00080080)).toBe('AXIOM TEST');
          const raw = (x: DicomFile, tag: number) => {
            const el = x.elements.find((e) => e.tag === tag);
            return el ? x.dataset.subarray(el.headerOffset, el.end).toString('hex') : null;
          };
          const tags = new Set(
            [...sent.elements, ...after.elements]
              .map((e) => e.tag)
              .filter((t) => t !== 0x00080080 && (t & 0xffff) !== 0),
          );
          for (const tag of tags)
            expect({ uid, tag: tag.toString(16), bytes: raw(after, tag) }).toEqual({
              uid,
              tag: tag.toString(16),
              bytes: raw(sent, tag),
            });
        }
      }
    } finally {
      await tap.stop();
    }
    // dcmsend (dcmtk 3.6.7) transmits 39 of the samples; it refuses bare data sets, HTJ2K and files without UIDs
    expect(checked).toBeGreaterThanOrEqual(39);
    // completed, or failed only because storescp refused the transfer syntax (checked above)
    const others = Object.values(InstanceState).filter(
      (s) => s !== InstanceState.Completed && s !== InstanceState.Failed,
    );
    for (const state of others)
      expect({ state, instances: (await all<Instance>(`/instances?state=${state}`)).length }).toEqual({
        state,
        instances: 0,
      });
    expect((await all<Instance>('/instances')).length).toBeGreaterThanOrEqual(checked);
  });

  it("shows the listener process's state through the API of the distributed mode", async () => {
    type Status = { name: string; state: string; stored: number | null; associations: number | null };
    // the listener process reports every few seconds
    const e2e = await waitFor(
      'a report counting the stored samples',
      async () => {
        const found = (await http.expect<Status[]>(200, 'GET', '/system/dimse-listeners/status', admin)).find(
          (l) => l.name === 'e2e',
        );
        return found && (found.stored ?? 0) >= 39 ? found : undefined;
      },
      15_000,
    );
    expect(e2e).toEqual(expect.objectContaining({ state: 'listening' }));
    expect(e2e?.stored).toBeGreaterThanOrEqual(39);
    expect(e2e?.associations).toBeGreaterThan(0);
  });

  it('shows the router-worker on the dashboard: running while it consumes, none when it is gone', async () => {
    type Workers = { mode: string; state: string; count: number | null };
    const workers = async (): Promise<Workers> =>
      (await http.expect<{ workers: Workers }>(200, 'GET', '/dashboard/status', admin)).workers;
    expect(await workers()).toEqual({ mode: 'broker', state: 'running', count: 1 });
    await worker.stop();
    try {
      await waitFor(
        'the dashboard to see no worker',
        async () => (await workers()).state === 'none' || undefined,
        20_000,
      );
    } finally {
      worker = startWorker();
    }
    await waitFor(
      'the restarted worker on the dashboard',
      async () => (await workers()).state === 'running' || undefined,
      30_000,
    );
  });

  it('answers every invalid sample with a failure status and keeps serving the same association and other peers', async () => {
    // dcmtk's storescu refuses to read these files, so they go over the wire through our own SCU,
    // which sends a file's bytes as they are
    const scu = new StoreAssociation(
      { host: '127.0.0.1', port: ports.listener, callingAeTitle: 'BADPEER', calledAeTitle: 'AXIOM' },
      { connectTimeoutMs: 5000, responseTimeoutMs: 30_000 },
    );
    const ct = { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', transferSyntaxUid: '1.2.840.10008.1.2.1' };
    const implicit = { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', transferSyntaxUid: '1.2.840.10008.1.2' };
    await scu.open([ct, implicit]);
    for (const file of invalidSamples()) {
      let datasetOffset = 0;
      let transferSyntaxUid = ct.transferSyntaxUid;
      try {
        const layout = readPart10Layout(readFileSync(file));
        datasetOffset = layout.datasetOffset;
        if (layout.transferSyntaxUid === implicit.transferSyntaxUid) transferSyntaxUid = implicit.transferSyntaxUid;
      } catch {
        // not even a readable meta: send every byte as the data set
      }
      const rsp = await scu.store({
        path: file,
        datasetOffset,
        sopClassUid: ct.sopClassUid,
        sopInstanceUid: `2.25.${Date.now()}`,
        transferSyntaxUid,
      });
      expect({ file, failed: rsp.status !== 0, comment: Boolean(rsp.errorComment) }).toEqual({
        file,
        failed: true,
        comment: true,
      });
      const good = run(
        'storescu',
        ['-aec', 'AXIOM', '127.0.0.1', String(ports.listener), join(SAMPLES_DIR, 'mr-explicit-le.dcm')],
        60_000,
      );
      expect({ after: file, status: good.status }).toEqual({ after: file, status: 0 });
    }
    await scu.release();
  });

  it('loses nothing when the router worker is killed with SIGKILL while 500 instances arrive', async () => {
    const corpus = makeCorpus(join(work, 'corpus'), 500);
    const sending = runAsync('storescu', [
      '-aet',
      'KILLTEST',
      '-aec',
      'AXIOM',
      '127.0.0.1',
      String(ports.listener),
      '+sd',
      corpus,
    ]);
    const crashDeliveries = `/deliveries?storage_backend_id=${seeded.backends.crash}`;
    await waitFor(
      'the first instances to be routed',
      async () =>
        (await http.expect<Delivery[]>(200, 'GET', `${crashDeliveries}&limit=21`, admin)).length > 20 || undefined,
      60_000,
      50,
    );
    await worker.kill9();
    await new Promise((r) => setTimeout(r, 1500));
    worker = startWorker();
    const sent = await sending;
    expect(sent.status).toBe(0);
    const uids = readdirSync(corpus).map((f) => sopUidOf(join(corpus, f)));
    await waitFor(
      'all 500 in the crash destination',
      () => filesUnder(dirs.crash).length >= 500 || undefined,
      180_000,
      500,
    );
    const delivered = filesUnder(dirs.crash).map((f) => sopUidOf(f));
    expect(new Set(delivered)).toEqual(new Set(uids));
    expect(delivered).toHaveLength(500);
    // exactly one delivery row per instance and destination, all delivered (only calling AE KILLTEST
    // is routed to the crash destination); a delivery the killed worker held is delivered once its
    // claim runs out, so the file can be there before the ledger says so
    const rows = await waitFor(
      'every crash delivery recorded as delivered',
      async () => {
        const now = await all<Delivery>(crashDeliveries);
        return now.every((r) => r.status === DeliveryStatus.Delivered) ? now : undefined;
      },
      60_000,
      500,
    ).catch(async () => all<Delivery>(crashDeliveries));
    expect(rows).toHaveLength(500);
    expect(rows.filter((r) => r.status !== DeliveryStatus.Delivered)).toEqual([]);
    expect(new Set(rows.map((r) => r.instance_id)).size).toBe(500);
  });
});
