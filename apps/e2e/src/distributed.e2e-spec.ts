import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { StoreAssociation } from '@axiom/dicom-dimse';
import { DicomFile } from '@axiom/dicom-io';
import { DeliveryStatus, InstanceState } from '@axiom/domain';
import {
  Caller,
  SAMPLES_DIR,
  batchesByUid,
  datasetOf,
  echo,
  invalidSamples,
  run,
  runAsync,
  sendableSamples,
  sha256,
  WireTap,
  waitFor,
} from '@axiom/testing';
import { filesUnder, makeCorpus, sopUidOf } from './fixtures';
import {
  ADMIN_KEY,
  Delivery,
  Instance,
  allRows,
  expectElementsAsSent,
  rawStoreLayout,
  useDistributedRouter,
} from './support/distributed';

jest.setTimeout(600_000);

/**
 * Black box: set up through the REST API, send over DICOM, check through the API's ledger routes
 * and the files that arrive. Nothing reads or writes the database behind the processes' backs.
 */
describe('distributed mode: PostgreSQL + RabbitMQ, separate listener and worker processes', () => {
  const admin: Caller = { apiKey: ADMIN_KEY };
  const rig = useDistributedRouter();
  const all = <T>(path: string): Promise<T[]> => allRows<T>(rig.http, admin, path);

  it('answers C-ECHO and refuses an unknown called AE title', () => {
    expect(echo(rig.ports.listener, 'AXIOM')).toBe(true);
    expect(echo(rig.ports.listener, 'NOT_AXIOM')).toBe(false);
  });

  it('delivers every sample exactly as it came over the wire, to the filesystem and to dcmtk storescp, and morphs only what a rule touches', async () => {
    const tap = new WireTap(rig.ports.tap, { host: '127.0.0.1', port: rig.ports.listener });
    await tap.start();
    let checked = 0;
    try {
      for (const batch of batchesByUid(sendableSamples())) {
        // storescp keeps its folder (it cannot write into a removed one); ours start empty per batch
        for (const d of [rig.dirs.plain, rig.dirs.morphed]) rmSync(d, { recursive: true, force: true });
        tap.reset();
        const before = (await all<Instance>('/instances')).length;
        // -dn: dcmsend sends each file in its own transfer syntax; it still skips files it cannot send
        await runAsync('dcmsend', [
          '-nh',
          '-dn',
          '-aec',
          'AXIOM',
          '127.0.0.1',
          String(rig.ports.tap),
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
          `/deliveries?status=${DeliveryStatus.Failed}&storage_backend_id=${rig.seeded.backends.storescp}`,
        );
        for (const d of refusedByScp)
          expect({ delivery: d.id, error: d.last_error }).toEqual({
            delivery: d.id,
            error: expect.stringMatching(/refused/),
          });
        const refusedUids = new Set<string>();
        for (const d of refusedByScp)
          refusedUids.add(
            (await rig.http.expect<Instance>(200, 'GET', `/instances/${d.instance_id}`, admin)).sop_instance_uid,
          );
        const plain = new Set(filesUnder(rig.dirs.plain).map((f) => sha256(datasetOf(f))));
        const atScp = new Set(filesUnder(rig.dirs.scp).map((f) => sha256(datasetOf(f))));
        for (const [i, w] of wire.entries()) {
          const names = batch.map((x) => x.name);
          const refused = refusedUids.has(
            sopUidOf(filesUnder(rig.dirs.plain).find((f) => sha256(datasetOf(f)) === sha256(w)) ?? ''),
          );
          expect({
            batch: names,
            dataset: i,
            filesystem: plain.has(sha256(w)),
            storescp: refused || atScp.has(sha256(w)),
          }).toEqual({ batch: names, dataset: i, filesystem: true, storescp: true });
        }
        expect(filesUnder(rig.dirs.plain)).toHaveLength(wire.length);
        checked += wire.length;
        // CT images also went through a morphing rule: InstitutionName set, every other element as received
        for (const f of filesUnder(rig.dirs.plain).filter(
          (x) => DicomFile.parse(readFileSync(x), { headerOnly: true }).string(0x00080060) === 'CT',
        )) {
          const uid = sopUidOf(f);
          const morphedPath = filesUnder(rig.dirs.morphed).find((x) => x.endsWith(`${uid}.dcm`));
          expect({ uid, morphed: Boolean(morphedPath) }).toEqual({ uid, morphed: true });
          const sent = DicomFile.parse(readFileSync(f));
          const after = DicomFile.parse(readFileSync(morphedPath as string));
          expect(after.string(0x00080080)).toBe('AXIOM TEST');
          expectElementsAsSent(uid, sent, after, 0x00080080);
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
        const found = (await rig.http.expect<Status[]>(200, 'GET', '/system/dimse-listeners/status', admin)).find(
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
      (await rig.http.expect<{ workers: Workers }>(200, 'GET', '/dashboard/status', admin)).workers;
    expect(await workers()).toEqual({ mode: 'broker', state: 'running', count: 1 });
    await rig.worker.stop();
    try {
      await waitFor(
        'the dashboard to see no worker',
        async () => (await workers()).state === 'none' || undefined,
        20_000,
      );
    } finally {
      rig.worker = rig.startWorker();
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
      { host: '127.0.0.1', port: rig.ports.listener, callingAeTitle: 'BADPEER', calledAeTitle: 'AXIOM' },
      { connectTimeoutMs: 5000, responseTimeoutMs: 30_000 },
    );
    const ct = { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', transferSyntaxUid: '1.2.840.10008.1.2.1' };
    const implicit = { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', transferSyntaxUid: '1.2.840.10008.1.2' };
    await scu.open([ct, implicit]);
    for (const file of invalidSamples()) {
      const { datasetOffset, transferSyntaxUid } = rawStoreLayout(file, {
        explicit: ct.transferSyntaxUid,
        implicit: implicit.transferSyntaxUid,
      });
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
        ['-aec', 'AXIOM', '127.0.0.1', String(rig.ports.listener), join(SAMPLES_DIR, 'mr-explicit-le.dcm')],
        60_000,
      );
      expect({ after: file, status: good.status }).toEqual({ after: file, status: 0 });
    }
    await scu.release();
  });

  it('loses nothing when the router worker is killed with SIGKILL while 500 instances arrive', async () => {
    const corpus = makeCorpus(join(rig.work, 'corpus'), 500);
    const sending = runAsync('storescu', [
      '-aet',
      'KILLTEST',
      '-aec',
      'AXIOM',
      '127.0.0.1',
      String(rig.ports.listener),
      '+sd',
      corpus,
    ]);
    const crashDeliveries = `/deliveries?storage_backend_id=${rig.seeded.backends.crash}`;
    await waitFor(
      'the first instances to be routed',
      async () =>
        (await rig.http.expect<Delivery[]>(200, 'GET', `${crashDeliveries}&limit=21`, admin)).length > 20 || undefined,
      60_000,
      50,
    );
    await rig.worker.kill9();
    await new Promise((r) => setTimeout(r, 1500));
    rig.worker = rig.startWorker();
    const sent = await sending;
    expect(sent.status).toBe(0);
    const uids = readdirSync(corpus).map((f) => sopUidOf(join(corpus, f)));
    await waitFor(
      'all 500 in the crash destination',
      () => filesUnder(rig.dirs.crash).length >= 500 || undefined,
      180_000,
      500,
    );
    const delivered = filesUnder(rig.dirs.crash).map((f) => sopUidOf(f));
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
