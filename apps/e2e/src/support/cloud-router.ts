import { join } from 'node:path';
import { openDatabase } from '@axiom/persistence';
import {
  Proc,
  createScratchDatabase,
  createScratchVhost,
  echo,
  freePorts,
  startApp,
  waitFor,
  waitForHttp,
} from '@axiom/testing';

const ADMIN_KEY = 'e2ecloud_0123456789abcdefABCDEF';

/** The router under test in one mode: its listener's port and its REST API, as the admin. */
export interface Router {
  listenerPort: number;
  api<T>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** Starts the router in one mode, as an operator would, with fast retries and the stand-ins' environment. */
export async function startRouter(
  mode: 'standalone' | 'distributed',
  work: string,
  peersEnv: Record<string, string>,
): Promise<Router> {
  const [port, listenerPort, health1, health2] = (await freePorts(4)) as [number, number, number, number];
  const base = `http://127.0.0.1:${port}/api/v1`;
  const env: Record<string, string> = {
    ...peersEnv,
    AXIOM_DATA_DIR: join(work, 'data'),
    DICOM_STORAGE_PATH: join(work, 'spool'),
    AXIOM_ADMIN_API_KEY: ADMIN_KEY,
    AXIOM_DEFAULT_LISTENER_PORT: String(listenerPort),
    HOST: '127.0.0.1',
    DELIVERY_BACKOFF_BASE_MS: '200',
    DELIVERY_BACKOFF_MAX_MS: '1000',
    DELIVERY_MAX_ATTEMPTS: '40',
    SWEEP_INTERVAL_MS: '500',
    BREAKER_PROBE_INTERVAL_MS: '300',
    STOW_MAX_INSTANCES_PER_REQUEST: '10',
  };
  const procs: Proc[] = [];
  const drops: (() => Promise<void>)[] = [];
  if (mode === 'standalone') {
    procs.push(startApp('standalone', { ...env, PORT: String(port), HEALTH_PORT: String(health1) }));
  } else {
    const scratch = await createScratchDatabase('e2e_cloud');
    const vhost = await createScratchVhost('cloud');
    drops.push(scratch.drop, vhost.drop);
    await (await openDatabase({ databaseUrl: scratch.url, sqlitePath: '' }, { migrate: true })).destroy();
    const dist = { ...env, DATABASE_URL: scratch.url, RABBITMQ_URL: vhost.url };
    procs.push(startApp('api', { ...dist, PORT: String(port), HEALTH_PORT: '0' }));
    procs.push(startApp('router-worker', { ...dist, HEALTH_PORT: String(health1) }));
    procs.push(startApp('dimse-listener', { ...dist, HEALTH_PORT: String(health2) }));
    await waitForHttp(`http://127.0.0.1:${health1}/health`, 60_000);
  }
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Api-Key ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  await waitForHttp(`${base}/system/health`, 60_000);
  const listeners = await api<unknown[]>('GET', '/config/dimse-listeners');
  if (listeners.length === 0)
    await api('POST', '/config/dimse-listeners', {
      name: 'default',
      ae_title: 'AXIOM',
      port: listenerPort,
      instance_id: 'default',
    });
  await waitFor('the listener to answer C-ECHO', () => echo(listenerPort, 'AXIOM'), 30_000);
  return {
    listenerPort,
    api,
    stop: async () => {
      await Promise.all(procs.map((p) => p.stop()));
      for (const drop of drops) await drop();
    },
  };
}
