import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import {
  ApiUnderTest,
  Proc,
  SAMPLES_DIR,
  TestPki,
  createTestPki,
  freePorts,
  run,
  runAsync,
  startApiUnderTest,
  waitFor,
} from '@axiom/testing';
import { spawn } from 'node:child_process';
import { filesUnder } from './fixtures';

jest.setTimeout(180_000);

const ADMIN_KEY = 'e2etls_0123456789abcdefABCDEF01';
const ARTIM_MS = 2000;
const SAMPLE = join(SAMPLES_DIR, 'ct-explicit-le.dcm');

/** dcmtk's storescp over TLS, demanding our client certificate (signed by the test CA). */
function startTlsStorescp(port: number, dir: string, pki: TestPki): Proc {
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'storescp',
    ['+tls', pki.serverKey, pki.serverCert, '+cf', pki.caCert, '-rc', '-aet', 'TLSPACS', '-od', dir, String(port)],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return { child, logFile: '', kill9: stop, stop };
}

function storescuTls(
  port: number,
  cert: { key: string; cert: string },
  ca: string,
  file = SAMPLE,
): ReturnType<typeof runAsync> {
  return runAsync('storescu', [
    '+tls',
    cert.key,
    cert.cert,
    '+cf',
    ca,
    '-aec',
    'AXIOMTLS',
    '127.0.0.1',
    String(port),
    file,
  ]);
}

describe('DICOM TLS and /metrics through the embedded router', () => {
  let work: string;
  let pki: TestPki;
  let router: ApiUnderTest;
  let tlsPort: number;
  let pacsPort: number;
  let pacs: Proc;
  const received = (): string => join(work, 'pacs');

  const api = async (method: string, path: string, body?: unknown, key: string | null = ADMIN_KEY): Promise<Response> =>
    fetch(`${router.base}${path}`, {
      method,
      headers: { ...(key ? { Authorization: `Api-Key ${key}` } : {}), 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const create = async (path: string, body: unknown): Promise<{ id: number }> => {
    const res = await api('POST', path, body);
    if (res.status !== 201) throw new Error(`${path} -> ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: number };
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'axiom-e2e-tls-'));
    pki = createTestPki(work);
    const [port, healthPort, listenerPort, tp, pp] = await freePorts(5);
    tlsPort = tp as number;
    pacsPort = pp as number;
    pacs = startTlsStorescp(pacsPort, received(), pki);
    router = await startApiUnderTest({
      app: 'standalone',
      port: port as number,
      healthPort: healthPort as number,
      listenerPort: listenerPort as number,
      adminApiKey: ADMIN_KEY,
      env: {
        DIMSE_TLS_CERT: pki.serverCert,
        DIMSE_TLS_KEY: pki.serverKey,
        DIMSE_TLS_CA: pki.caCert,
        DIMSE_TLS_REQUIRE_CLIENT_CERT: 'true',
        DIMSE_ASSOCIATION_REQUEST_TIMEOUT_MS: String(ARTIM_MS),
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'debug',
      },
    });
    await create('/config/dimse-listeners', { name: 'tls', ae_title: 'AXIOMTLS', port: tlsPort, tls_enabled: true });
    const pacsBackend = await create('/config/storage-backends', {
      name: 'tls-pacs',
      backend_type: 'cstore',
      remote_ae_title: 'TLSPACS',
      remote_host: 'localhost',
      remote_port: pacsPort,
      tls_enabled: true,
    });
    const ruleset = await create('/rules-engine/rulesets', { name: 'all', execution_mode: 'ALL_MATCHES' });
    await create('/rules-engine/rules', {
      ruleset_id: ruleset.id,
      name: 'to the TLS PACS',
      match_criteria: [],
      destination_ids: [pacsBackend.id],
    });
    const echoTls = () =>
      run(
        'echoscu',
        ['+tls', pki.clientKey, pki.clientCert, '+cf', pki.caCert, '-aec', 'AXIOMTLS', '127.0.0.1', String(tlsPort)],
        10_000,
      ).status === 0;
    await waitFor('the TLS listener', echoTls, 30_000);
  });

  afterAll(async () => {
    await router?.stop();
    await pacs?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('receives over TLS with a client certificate (storescu +tls) and delivers over TLS to storescp +tls', async () => {
    const sent = await storescuTls(tlsPort, { key: pki.clientKey, cert: pki.clientCert }, pki.caCert);
    expect(sent).toMatchObject({ status: 0 });
    const files = await waitFor(
      'the instance at the TLS PACS',
      () => filesUnder(received()).length > 0 && filesUnder(received()),
      60_000,
    );
    expect(files).toHaveLength(1);
  });

  it("refuses cleartext, a stranger's certificate and a silent TLS client, and keeps serving others meanwhile", async () => {
    // a peer that opens TCP and never speaks TLS is closed by the ARTIM timer
    const silent = connect({ host: '127.0.0.1', port: tlsPort });
    await once(silent, 'connect');
    const garbage = connect({ host: '127.0.0.1', port: tlsPort });
    await once(garbage, 'connect');
    garbage.write(Buffer.alloc(4096, 0x41));
    garbage.on('error', () => undefined);
    const clear = run('storescu', ['-aec', 'AXIOMTLS', '127.0.0.1', String(tlsPort), SAMPLE], 20_000);
    expect(clear.status).not.toBe(0);
    const stranger = await storescuTls(tlsPort, { key: pki.strangerKey, cert: pki.strangerCert }, pki.caCert);
    expect(stranger.status).not.toBe(0);
    const good = await storescuTls(tlsPort, { key: pki.clientKey, cert: pki.clientCert }, pki.caCert);
    expect(good).toMatchObject({ status: 0 });
    const started = Date.now();
    await waitFor('the silent TLS peer closed', () => silent.destroyed || silent.closed, ARTIM_MS * 4, 50);
    expect(Date.now() - started).toBeLessThan(ARTIM_MS * 4);
    await waitFor('the garbage peer closed', () => garbage.destroyed || garbage.closed, ARTIM_MS * 4);
    const log = router.log();
    expect(log).toContain('TLS connection from 127.0.0.1 refused');
  });

  it('serves /api/v1/metrics to a signed-in scraper only, with the named metrics', async () => {
    expect((await api('GET', '/metrics', undefined, null)).status).toBe(401);
    const res = await api('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const value = (line: RegExp): number =>
      Number(
        text
          .split('\n')
          .find((l) => line.test(l))
          ?.split(' ')
          .pop() ?? NaN,
      );
    expect(value(/^axiom_instances_received_total\{source="tls"\}/)).toBeGreaterThanOrEqual(2);
    expect(value(/^axiom_instances_routed_total\{result="routed"\}/)).toBeGreaterThanOrEqual(2);
    await waitFor(
      'both deliveries counted',
      async () => {
        const again = await (await api('GET', '/metrics')).text();
        return /axiom_deliveries_total\{destination="tls-pacs",outcome="delivered"\} [2-9]/.test(again);
      },
      60_000,
    );
    expect(value(/^axiom_dimse_associations_total\{listener="tls"\}/)).toBeGreaterThanOrEqual(2);
    expect(value(/^axiom_dimse_association_errors_total\{listener="tls"\}/)).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^axiom_delivery_latency_seconds_count\{destination="tls-pacs"\} [1-9]/m);
    expect(value(/^axiom_spool_free_bytes /)).toBeGreaterThan(0);
    expect(text).toMatch(/^axiom_queue_depth\{queue="axiom.instance.received"\} \d+/m);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it("writes JSON log lines with the fields and the association's correlation id, and no credentials", () => {
    const entries = router
      .log()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const receivedLine = entries.find(
      (e) => e['context'] === 'Ingest' && e['msg'] === 'received' && e['source'] === 'tls',
    );
    expect(receivedLine).toMatchObject({
      app: 'standalone',
      level: 'debug',
      sop_instance_uid: expect.any(String),
      instance_id: expect.any(Number),
    });
    expect(receivedLine?.['correlation_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(router.log()).not.toContain(ADMIN_KEY);
  });
});
