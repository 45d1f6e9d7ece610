import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { openDatabase } from '@axiom/persistence';

/** The admin's API key of both crash-loop suites. */
export const ADMIN_KEY = 'e2ecrash_0123456789abcdefABCDEF';
/** The headers of an admin's JSON request. */
export const ADMIN_HEADERS = { Authorization: `Api-Key ${ADMIN_KEY}`, 'Content-Type': 'application/json' };

/** What GET /instances/:id answers, as far as the suites read it. */
export interface InstanceHistory {
  id: number;
  state: string;
  error_message: string | null;
  routing_attempts: number;
  morphing: { warnings: string[] }[] | null;
  deliveries: { status: string }[];
}

/** A call to the REST API as the admin: the parsed answer, or an error naming the call and the status. */
export type AdminApi = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** The admin's client of the API at `base` (`http://host:port/api/v1`). */
export function adminApi(base: string): AdminApi {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: ADMIN_HEADERS,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
}

/** The standalone app's environment: on 127.0.0.1, data under `work`, the default listener on `ports.listener`. */
export function embeddedEnv(
  work: string,
  ports: { api: number; health: number; listener: number },
  extra: Record<string, string>,
): Record<string, string> {
  return {
    AXIOM_DATA_DIR: join(work, 'data'),
    PORT: String(ports.api),
    HEALTH_PORT: String(ports.health),
    HOST: '127.0.0.1',
    AXIOM_ADMIN_API_KEY: ADMIN_KEY,
    AXIOM_DEFAULT_LISTENER_PORT: String(ports.listener),
    ...extra,
  };
}

/** The standalone app's SQLite ledger under `work`, opened without migrating (while the app is down). */
export function openLedger(work: string): Promise<DataSource> {
  return openDatabase({ databaseUrl: null, sqlitePath: join(work, 'data', 'axiom.sqlite') }, { migrate: false });
}

/**
 * One rule sending everything to a folder and to a C-STORE peer (AE STORESCP on `scpPort`),
 * created through the API.
 */
export async function seedFolderAndPeer(api: AdminApi, outDir: string, scpPort: number): Promise<void> {
  const post = (path: string, body: unknown): Promise<{ id: number }> => api<{ id: number }>('POST', path, body);
  const folder = await post('/config/storage-backends', { name: 'folder', backend_type: 'filesystem', path: outDir });
  const scp = await post('/config/storage-backends', {
    name: 'storescp',
    backend_type: 'cstore',
    remote_ae_title: 'STORESCP',
    remote_host: '127.0.0.1',
    remote_port: scpPort,
  });
  const ruleset = await post('/rules-engine/rulesets', { name: 'all', execution_mode: 'ALL_MATCHES' });
  await post('/rules-engine/rules', {
    ruleset_id: ruleset.id,
    name: 'both',
    match_criteria: [],
    destination_ids: [folder.id, scp.id],
  });
}
