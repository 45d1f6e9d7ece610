import { mkdtempSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import {
  Proc,
  WireTap,
  createScratchDatabase,
  createScratchVhost,
  datasetOf,
  echo,
  freePorts,
  sha256,
  startApp,
  validSamples,
  waitFor,
  waitForHttp,
} from '@axiom/testing';
import { filesUnder } from './fixtures';
import { InstanceRow, OrthancSource, QrSourceRow, apiClient, newUid, syntheticSeries } from './qr-fixtures';

jest.setTimeout(300_000);

/**
 * The DIMSE Q/R source in the distributed mode: the poller, the listener that receives the C-MOVE
 * sub-operations, the router worker and the API are four processes over PostgreSQL and RabbitMQ.
 * The listener attributes what the poller asked for by the source rows alone.
 */
const ADMIN_KEY = 'e2eqrdist_0123456789abcdefABCDEF';

describe('DIMSE Q/R source (distributed mode)', () => {
  let work: string;
  let orthanc: OrthancSource;
  let tap: WireTap;
  let api: ReturnType<typeof apiClient>;
  let drop: () => Promise<void>;
  let vhost: { url: string; drop: () => Promise<void> } | undefined;
  const procs: Proc[] = [];
  const out = () => join(work, 'out');

  const source = async (name: string) =>
    (await api<QrSourceRow[]>('GET', '/config/dimse-qr-sources')).find((s) => s.name === name) as QrSourceRow;
  const instancesOf = (name: string) => api<InstanceRow[]>('GET', `/instances?source_name=${name}&limit=1000`);

  async function pollOnce(name: string): Promise<QrSourceRow> {
    const before = await source(name);
    await api('POST', `/config/dimse-qr-sources/${before.id}/poll`);
    const row = await waitFor(
      `a round of ${name}`,
      async () => {
        const now = await source(name);
        return now.last_successful_query !== before.last_successful_query ||
          now.last_error_time !== before.last_error_time
          ? now
          : undefined;
      },
      90_000,
      250,
    );
    await waitFor(
      'its instances delivered',
      async () => {
        const instances = await instancesOf(name);
        return (
          instances.length === row.processed_instance_count &&
          instances.every((i) => i.state !== 'received' && i.state !== 'routed')
        );
      },
      60_000,
      250,
    );
    return row;
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'axiom-e2e-qr-dist-'));
    const [apiPort, listener, tapPort, http, dicom, h1, h2, h3] = (await freePorts(8)) as number[] as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const scratch = await createScratchDatabase('e2e_qr');
    drop = scratch.drop;
    vhost = await createScratchVhost('qr');
    orthanc = await OrthancSource.start(join(work, 'orthanc'), { http, dicom }, { aeTitle: 'AXIOM', port: tapPort });
    await orthanc.upload([
      ...validSamples().map((s) => s.path),
      ...syntheticSeries(join(work, 'syn'), 'mr-explicit-le.dcm', 3, {
        study: newUid(),
        series: newUid(),
        patientId: 'QRDIST',
      }),
    ]);
    tap = new WireTap(tapPort, { host: '127.0.0.1', port: listener });
    await tap.start();
    const env = {
      DATABASE_URL: scratch.url,
      RABBITMQ_URL: vhost.url,
      AXIOM_DATA_DIR: join(work, 'data'),
      DICOM_STORAGE_PATH: join(work, 'spool'),
      AXIOM_ENCRYPTION_KEY: 'b'.repeat(64),
      POLL_RECONCILE_INTERVAL_MS: '250',
      SWEEP_INTERVAL_MS: '500',
    };
    procs.push(startApp('api', { ...env, PORT: String(apiPort), AXIOM_ADMIN_API_KEY: ADMIN_KEY }));
    await waitForHttp(`http://127.0.0.1:${apiPort}/api/v1/docs`);
    api = apiClient(`http://127.0.0.1:${apiPort}/api/v1`, ADMIN_KEY);
    await api('POST', '/config/dimse-listeners', {
      name: 'dist',
      ae_title: 'AXIOM',
      port: listener,
      instance_id: 'default',
    });
    const moved = await api<{ id: number }>('POST', '/config/storage-backends', {
      name: 'moved',
      backend_type: 'filesystem',
      path: join(out(), 'moved'),
    });
    const got = await api<{ id: number }>('POST', '/config/storage-backends', {
      name: 'got',
      backend_type: 'filesystem',
      path: join(out(), 'got'),
    });
    const ruleset = await api<{ id: number }>('POST', '/rules-engine/rulesets', {
      name: 'qr',
      execution_mode: 'ALL_MATCHES',
    });
    await api('POST', '/rules-engine/rules', {
      ruleset_id: ruleset.id,
      name: 'moved',
      match_criteria: [],
      applicable_sources: ['dist-move'],
      destination_ids: [moved.id],
    });
    await api('POST', '/rules-engine/rules', {
      ruleset_id: ruleset.id,
      name: 'got',
      match_criteria: [],
      applicable_sources: ['dist-get'],
      destination_ids: [got.id],
    });
    const common = {
      remote_ae_title: 'ORTHANC',
      remote_host: '127.0.0.1',
      remote_port: dicom,
      move_destination_ae_title: 'AXIOM',
      is_active: false,
    };
    await api('POST', '/config/dimse-qr-sources', { ...common, name: 'dist-move' });
    await api('POST', '/config/dimse-qr-sources', {
      ...common,
      name: 'dist-get',
      retrieve_method: 'C-GET',
      query_filters: { PatientID: 'QRDIST' },
    });
    procs.push(startApp('dimse-listener', { ...env, HEALTH_PORT: String(h1) }));
    procs.push(startApp('router-worker', { ...env, HEALTH_PORT: String(h2) }));
    procs.push(startApp('poller', { ...env, HEALTH_PORT: String(h3) }));
    await waitForHttp(`http://127.0.0.1:${h2}/health`);
    await waitForHttp(`http://127.0.0.1:${h3}/health`);
    await waitFor('the listener process', () => echo(listener, 'AXIOM'), 60_000);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await tap?.stop();
    await orthanc?.stop();
    await drop?.();
    await vhost?.drop();
    rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('C-MOVE: the listener process records every instance once as the Q/R source, as Orthanc sent it', async () => {
    const held = await orthanc.sopInstanceUids();
    const row = await pollOnce('dist-move');
    const instances = await instancesOf('dist-move');
    expect(instances.map((i) => i.sop_instance_uid).sort()).toEqual([...held].sort());
    expect(instances.every((i) => i.source_type === 'dimse_qr')).toBe(true);
    expect(tap.datasets()).toHaveLength(held.length);
    const sent = new Set(tap.datasets().map(sha256));
    const delivered = filesUnder(join(out(), 'moved'));
    expect(delivered).toHaveLength(held.length);
    for (const f of delivered)
      expect({ file: basename(f), asSent: sent.has(sha256(datasetOf(f))) }).toEqual({
        file: basename(f),
        asSent: true,
      });
    expect(row).toMatchObject({ last_error_message: null, processed_instance_count: held.length });
  });

  it('C-GET: the poller process ingests on the query association the same bytes', async () => {
    const row = await pollOnce('dist-get');
    expect(row).toMatchObject({ retrieve_method: 'C-GET', last_error_message: null, processed_instance_count: 3 });
    const moved = filesUnder(join(out(), 'moved'));
    const got = filesUnder(join(out(), 'got'));
    expect(got).toHaveLength(3);
    for (const f of got)
      expect(sha256(datasetOf(f))).toBe(sha256(datasetOf(moved.find((m) => basename(m) === basename(f)) as string)));
  });
});
