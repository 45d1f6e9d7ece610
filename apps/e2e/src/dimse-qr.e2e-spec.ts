import { mkdtempSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import {
  Proc,
  WireTap,
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
import { InstanceRow, OrthancSource, QrSourceRow, apiClient, newUid, sopOf, syntheticSeries } from './qr-fixtures';

jest.setTimeout(300_000);

/**
 * A DIMSE Q/R source polling a real PACS (Orthanc, holding the valid samples and synthetic
 * studies) in the embedded mode: C-FIND, then C-MOVE of each new instance to our own listener
 * (through a relay that records what Orthanc sent), or C-GET on the query association. Every
 * instance arrives once, as Orthanc sent it, recorded as the Q/R source's; a new study and a late
 * series are fetched and nothing else; failures show on the row and touch nobody else.
 */
const ADMIN_KEY = 'e2eqr_0123456789abcdefABCDEF';

describe('DIMSE Q/R source (embedded mode)', () => {
  let work: string;
  let orthanc: OrthancSource;
  let tap: WireTap;
  let app: Proc;
  let api: ReturnType<typeof apiClient>;
  let ports: {
    api: number;
    listener: number;
    tap: number;
    http: number;
    dicom: number;
    closed: number;
    hidden: number;
  };
  const out = () => join(work, 'out');
  const synthetic = { study: newUid(), patientId: 'QRSYN1' };
  const lateSeries = newUid();

  const source = async (name: string) =>
    (await api<QrSourceRow[]>('GET', '/config/dimse-qr-sources')).find((s) => s.name === name) as QrSourceRow;
  const instancesOf = (name: string) => api<InstanceRow[]>('GET', `/instances?source_name=${name}&limit=1000`);

  /** Poll-now, then wait until the round has ended (its query stamp moved) and everything it queued is final. */
  async function pollOnce(name: string): Promise<QrSourceRow> {
    const before = await source(name);
    await api('POST', `/config/dimse-qr-sources/${before.id}/poll`);
    const row = await waitFor(
      `a round of ${name}`,
      async () => {
        const now = await source(name);
        const ended =
          now.last_successful_query !== before.last_successful_query || now.last_error_time !== before.last_error_time;
        return ended ? now : undefined;
      },
      90_000,
      200,
    );
    await waitFor(
      'its instances routed and delivered',
      async () => {
        const open = (await instancesOf(name)).filter((i) => i.state === 'received' || i.state === 'routed');
        return open.length === 0;
      },
      60_000,
      200,
    );
    return row;
  }

  async function addSource(body: Record<string, unknown>): Promise<void> {
    await api('POST', '/config/dimse-qr-sources', {
      remote_ae_title: 'ORTHANC',
      remote_host: '127.0.0.1',
      remote_port: ports.dicom,
      local_ae_title: 'AXIOM_QR_SCU',
      move_destination_ae_title: 'AXIOM',
      is_active: false,
      ...body,
    });
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'axiom-e2e-qr-'));
    const [a, l, t, h, d, c, hidden] = (await freePorts(7)) as [number, number, number, number, number, number, number];
    ports = { api: a, listener: l, tap: t, http: h, dicom: d, closed: c, hidden };
    orthanc = await OrthancSource.start(join(work, 'orthanc'), { http: h, dicom: d }, { aeTitle: 'AXIOM', port: t });
    const stored = await orthanc.upload([
      ...validSamples().map((s) => s.path),
      ...syntheticSeries(join(work, 's1'), 'mr-explicit-le.dcm', 3, { ...synthetic, series: newUid() }),
    ]);
    expect(stored).toBeGreaterThan(40);
    tap = new WireTap(t, { host: '127.0.0.1', port: l });
    await tap.start();
    app = startApp('standalone', {
      AXIOM_DATA_DIR: join(work, 'data'),
      PORT: String(a),
      AXIOM_ADMIN_API_KEY: ADMIN_KEY,
      AXIOM_DEFAULT_LISTENER_PORT: String(l),
      POLL_RECONCILE_INTERVAL_MS: '200',
      DIMSE_QR_CONNECT_TIMEOUT_MS: '2000',
      DIMSE_QR_RESPONSE_TIMEOUT_MS: '20000',
    });
    api = apiClient(`http://127.0.0.1:${a}/api/v1`, ADMIN_KEY);
    await waitForHttp(`http://127.0.0.1:${a}/api/v1/docs`);
    await waitFor('the default listener', () => echo(l, 'AXIOM'));
    // rules that only a correctly attributed arrival matches: each source to its own folder
    const qrOut = await api<{ id: number }>('POST', '/config/storage-backends', {
      name: 'qr-out',
      backend_type: 'filesystem',
      path: join(out(), 'qr'),
    });
    const getOut = await api<{ id: number }>('POST', '/config/storage-backends', {
      name: 'get-out',
      backend_type: 'filesystem',
      path: join(out(), 'get'),
    });
    const ruleset = await api<{ id: number }>('POST', '/rules-engine/rulesets', {
      name: 'qr',
      execution_mode: 'ALL_MATCHES',
    });
    await api('POST', '/rules-engine/rules', {
      ruleset_id: ruleset.id,
      name: 'from-qr',
      match_criteria: [],
      applicable_sources: ['orthanc-qr'],
      destination_ids: [qrOut.id],
    });
    await api('POST', '/rules-engine/rules', {
      ruleset_id: ruleset.id,
      name: 'from-get',
      match_criteria: [],
      applicable_sources: ['orthanc-get'],
      destination_ids: [getOut.id],
    });
    // one of our listeners that Orthanc does not know
    await api('POST', '/config/dimse-listeners', {
      name: 'hidden',
      ae_title: 'AXIOM_HIDDEN',
      port: hidden,
      instance_id: 'default',
    });
    await addSource({ name: 'orthanc-qr' });
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    await tap?.stop();
    await orthanc?.stop();
    rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('fetches every instance Orthanc holds exactly once, as Orthanc sent it, recorded as the Q/R source', async () => {
    const held = await orthanc.sopInstanceUids();
    const row = await pollOnce('orthanc-qr');
    const instances = await instancesOf('orthanc-qr');
    expect(instances.map((i) => i.sop_instance_uid).sort()).toEqual([...held].sort());
    expect(instances.every((i) => i.source_type === 'dimse_qr')).toBe(true);
    // once: Orthanc sent each instance one time, and every delivered file is one of those data sets
    const wire = tap.datasets();
    expect(wire).toHaveLength(held.length);
    const sent = new Set(wire.map(sha256));
    const delivered = filesUnder(join(out(), 'qr'));
    expect(delivered).toHaveLength(held.length);
    for (const f of delivered)
      expect({ file: basename(f), asSent: sent.has(sha256(datasetOf(f))) }).toEqual({
        file: basename(f),
        asSent: true,
      });
    const studies = (await (await fetch(`${orthanc.http}/studies`)).json()) as string[];
    expect(row).toMatchObject({
      retrieve_method: 'C-MOVE',
      last_error_message: null,
      processed_instance_count: held.length,
      found_study_count: studies.length,
      move_queued_study_count: studies.length,
    });
    expect(row.last_successful_move).not.toBeNull();
  });

  it('fetches a new study and a late series of an old study, and nothing fetched before', async () => {
    const before = await source('orthanc-qr');
    const added = [
      ...syntheticSeries(join(work, 's2'), 'ct-explicit-le.dcm', 2, {
        study: newUid(),
        series: newUid(),
        patientId: 'QRSYN2',
      }),
      ...syntheticSeries(join(work, 's1-late'), 'mr-explicit-le.dcm', 2, { ...synthetic, series: lateSeries }),
    ];
    expect(await orthanc.upload(added)).toBe(4);
    tap.reset();
    const row = await pollOnce('orthanc-qr');
    expect(tap.datasets()).toHaveLength(4);
    const uids = (await instancesOf('orthanc-qr')).map((i) => i.sop_instance_uid);
    expect(uids).toHaveLength(new Set(uids).size);
    expect(uids).toEqual(expect.arrayContaining(added.map(sopOf)));
    expect(uids).toHaveLength((await orthanc.sopInstanceUids()).length);
    // the new study and the grown one were expanded, nothing else
    expect(row).toMatchObject({
      last_error_message: null,
      processed_instance_count: before.processed_instance_count + 4,
      found_study_count: before.found_study_count + 2,
    });
  });

  it('with C-GET, receives on the query association the same bytes Orthanc sent by C-MOVE', async () => {
    await addSource({ name: 'orthanc-get', retrieve_method: 'C-GET', query_filters: { PatientID: 'QRSYN2' } });
    const row = await pollOnce('orthanc-get');
    expect(row).toMatchObject({ retrieve_method: 'C-GET', last_error_message: null, processed_instance_count: 2 });
    const got = filesUnder(join(out(), 'get'));
    expect(got).toHaveLength(2);
    const moved = filesUnder(join(out(), 'qr'));
    for (const f of got) {
      const twin = moved.find((m) => basename(m) === basename(f)) as string;
      expect(sha256(datasetOf(f))).toBe(sha256(datasetOf(twin)));
    }
    expect((await instancesOf('orthanc-get')).every((i) => i.source_type === 'dimse_qr')).toBe(true);
  });

  it('queries at PATIENT level (patients, then their studies) and at SERIES level (only the matching series)', async () => {
    await addSource({
      name: 'by-patient',
      query_level: 'PATIENT',
      query_filters: { PatientID: 'QRSYN2' },
      retrieve_method: 'C-GET',
    });
    await addSource({
      name: 'by-series',
      query_level: 'SERIES',
      query_filters: { SeriesInstanceUID: lateSeries },
      retrieve_method: 'C-GET',
    });
    expect(await pollOnce('by-patient')).toMatchObject({
      last_error_message: null,
      processed_instance_count: 2,
      found_study_count: 1,
    });
    expect(await pollOnce('by-series')).toMatchObject({
      last_error_message: null,
      processed_instance_count: 2,
      found_study_count: 1,
    });
    const late = (await instancesOf('by-series')).map((i) => i.sop_instance_uid).sort();
    const s1Late = (await instancesOf('orthanc-qr')).filter((i) => i.series_instance_uid === lateSeries);
    expect(late).toEqual(s1Late.map((i) => i.sop_instance_uid).sort());
  });

  it('shows a clear status on the row when Orthanc does not know the move destination', async () => {
    await addSource({
      name: 'orthanc-hidden',
      move_destination_ae_title: 'AXIOM_HIDDEN',
      query_filters: { PatientID: 'QRSYN2' },
    });
    const row = await pollOnce('orthanc-hidden');
    expect(row.last_error_message).toMatch(
      /C-MOVE from ORTHANC@127\.0\.0\.1:\d+ to AXIOM_HIDDEN: status 0x[0-9A-F]{4} \([^)]+\); sub-operations completed/,
    );
    expect(row.processed_instance_count).toBe(0);
    expect(row.last_successful_move).toBeNull();
  });

  it('shows a source that is down on its row; the listener and the other sources go on', async () => {
    await addSource({ name: 'nobody-home', remote_port: ports.closed });
    const row = await pollOnce('nobody-home');
    expect(row.last_error_message).toMatch(new RegExp(`cannot connect to ORTHANC@127\\.0\\.0\\.1:${ports.closed}`));
    expect(row.last_error_time).not.toBeNull();
    expect(echo(ports.listener, 'AXIOM')).toBe(true);
    tap.reset();
    const healthy = await pollOnce('orthanc-qr');
    expect(healthy.last_error_message).toBeNull();
    expect(tap.datasets()).toHaveLength(0);
  });
});
