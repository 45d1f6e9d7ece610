import { mkdtempSync, rmSync } from 'node:fs';
import { Server, Socket, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiUnderTest,
  Proc,
  echo,
  freePorts,
  runAsync,
  startApiUnderTest,
  startStorescp,
  waitFor,
} from '@axiom/testing';
import { filesUnder, makeCorpus } from './fixtures';

jest.setTimeout(300_000);

const ADMIN_KEY = 'e2eoutage_0123456789abcdefABCDEF';
const COUNT = 30;

interface BackendStatus {
  id: number;
  name: string;
  breaker: { state: string; consecutive_failures: number; next_probe_at: string | null };
  deliveries_by_status: Record<string, number>;
}
interface Delivery {
  status: string;
  attempts: number;
  storage_backend_id: number;
}

/**
 * Embedded mode, one destination down or hanging: its breaker opens, its deliveries wait without
 * spending attempts, the other destination keeps its pace, and everything goes out by itself once
 * the peer answers again. The retry schedule here is tiny (3 attempts 200-400 ms apart) so that
 * only the breaker can keep the deliveries alive through a ten-second outage.
 */
describe('a dead or hanging destination is isolated (breaker, per-destination budget, retries)', () => {
  let work: string;
  let api: ApiUnderTest;
  let ports: { listener: number; down: number; hang: number };
  let hang: Server;
  const hanging = new Set<Socket>();
  let storescp: Proc | null = null;
  const ids: Record<string, number> = {};

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${api.base}${path}`, {
      method,
      headers: { Authorization: `Api-Key ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }
  const statusOf = async (name: string) =>
    (await call<BackendStatus[]>('GET', '/system/storage-backends/status')).find(
      (b) => b.name === name,
    ) as BackendStatus;
  const send = (callingAe: string, dir: string) =>
    runAsync('storescu', ['-aet', callingAe, '-aec', 'AXIOM', '+sd', '127.0.0.1', String(ports.listener), dir]);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'axiom-e2e-outage-'));
    const [apiPort, healthPort, listener, down, hangPort] = await freePorts(5);
    ports = { listener: listener as number, down: down as number, hang: hangPort as number };
    // a peer that accepts connections and never answers
    hang = createServer((s) => {
      hanging.add(s);
      s.on('error', () => undefined);
      s.on('close', () => hanging.delete(s));
    });
    await new Promise<void>((r) => hang.listen(ports.hang, '127.0.0.1', () => r()));
    api = await startApiUnderTest({
      app: 'standalone',
      port: apiPort as number,
      healthPort: healthPort as number,
      listenerPort: ports.listener,
      adminApiKey: ADMIN_KEY,
      env: {
        DELIVERY_MAX_ATTEMPTS: '3',
        DELIVERY_BACKOFF_BASE_MS: '200',
        DELIVERY_BACKOFF_MAX_MS: '400',
        BREAKER_FAILURE_THRESHOLD: '3',
        BREAKER_PROBE_INTERVAL_MS: '1000',
        SWEEP_INTERVAL_MS: '500',
        CSTORE_CONNECT_TIMEOUT_MS: '1000',
        CSTORE_RESPONSE_TIMEOUT_MS: '4000',
        SPOOL_MIN_FREE_MB: '64',
      },
    });
    await waitFor('the default listener', () => echo(ports.listener, 'AXIOM'), 60_000, 500);
    const backend = async (name: string, body: Record<string, unknown>) => {
      ids[name] = (await call<{ id: number }>('POST', '/config/storage-backends', { name, ...body })).id;
    };
    await backend('folder', { backend_type: 'filesystem', path: join(work, 'folder') });
    await backend('down', {
      backend_type: 'cstore',
      remote_ae_title: 'STORESCP',
      remote_host: '127.0.0.1',
      remote_port: ports.down,
    });
    await backend('hang', {
      backend_type: 'cstore',
      remote_ae_title: 'HANG',
      remote_host: '127.0.0.1',
      remote_port: ports.hang,
    });
    const ruleset = await call<{ id: number }>('POST', '/rules-engine/rulesets', {
      name: 'by-caller',
      execution_mode: 'ALL_MATCHES',
    });
    const rule = (name: string, caller: string, destinations: number[]) =>
      call('POST', '/rules-engine/rules', {
        ruleset_id: ruleset.id,
        name,
        match_criteria: [],
        association_criteria: [{ parameter: 'CALLING_AE_TITLE', op: 'eq', value: caller }],
        destination_ids: destinations,
      });
    await rule('outage', 'OUTAGE', [ids['folder'] as number, ids['down'] as number]);
    await rule('base', 'BASE', [ids['folder'] as number]);
    await rule('hang', 'HANGING', [ids['folder'] as number, ids['hang'] as number]);
  });

  afterAll(async () => {
    await api?.stop();
    await storescp?.stop();
    for (const s of hanging) s.destroy();
    await new Promise((r) => hang?.close(r));
    rmSync(work, { recursive: true, force: true });
  });

  it('rides out a peer that is down: the breaker opens, no attempt is exhausted, all is delivered once it is back', async () => {
    const corpus = makeCorpus(join(work, 'outage'), COUNT);
    expect((await send('OUTAGE', corpus)).status).toBe(0);
    await waitFor(
      'the breaker of "down" open',
      async () => (await statusOf('down')).breaker.state !== 'closed',
      60_000,
      250,
    );
    await waitFor('the folder copies', () => filesUnder(join(work, 'folder')).length >= COUNT, 60_000, 250);
    // an outage many times longer than the whole retry schedule (3 attempts, 200-400 ms apart)
    await new Promise((r) => setTimeout(r, 10_000));
    const during = await statusOf('down');
    expect(during.deliveries_by_status['failed']).toBe(0);
    expect(during.breaker.consecutive_failures).toBeGreaterThanOrEqual(3);
    // while the breaker is open no attempt is spent: none is near its last one
    const waiting = await call<Delivery[]>('GET', `/deliveries?storage_backend_id=${ids['down']}&limit=${COUNT}`);
    expect(waiting).toHaveLength(COUNT);
    expect(Math.max(...waiting.map((d) => d.attempts))).toBeLessThan(3);
    storescp = startStorescp(ports.down, join(work, 'storescp'));
    await waitFor(
      'every instance at the peer once it is back',
      () => filesUnder(join(work, 'storescp')).length >= COUNT,
      60_000,
      500,
    );
    const after = await waitFor(
      'every delivery to "down" delivered',
      async () => {
        const s = await statusOf('down');
        return s.deliveries_by_status['delivered'] === COUNT ? s : undefined;
      },
      30_000,
      250,
    );
    expect(after.breaker.state).toBe('closed');
    expect(after.deliveries_by_status['failed']).toBe(0);
    const deliveries = await call<Delivery[]>('GET', `/deliveries?storage_backend_id=${ids['down']}&limit=${COUNT}`);
    expect(deliveries).toHaveLength(COUNT);
    // none dead-lettered (the peer, one association at a time, may time a few out once they all go at once)
    for (const d of deliveries) expect(d.status).toBe('delivered');
  });

  it("keeps the other destination's pace while one peer hangs (within 20%, plus a second of slack on a shared machine)", async () => {
    const n = 3 * COUNT;
    const timed = async (caller: string, dir: string): Promise<number> => {
      const before = filesUnder(join(work, 'folder')).length;
      const started = Date.now();
      expect((await send(caller, dir)).status).toBe(0);
      await waitFor(
        `${caller}: the folder copies`,
        () => filesUnder(join(work, 'folder')).length >= before + n,
        60_000,
        50,
      );
      return Date.now() - started;
    };
    const base = await timed('BASE', makeCorpus(join(work, 'base'), n));
    const withHang = await timed('HANGING', makeCorpus(join(work, 'hanging'), n));
    process.stdout.write(
      `isolation: ${n} instances to the folder in ${base} ms alone, ${withHang} ms with a hanging second destination\n`,
    );
    expect(withHang).toBeLessThanOrEqual(base * 1.2 + 1000);
    await waitFor(
      'the breaker of "hang" open (timeouts count)',
      async () => (await statusOf('hang')).breaker.state !== 'closed',
      60_000,
      500,
    );
  });
});
