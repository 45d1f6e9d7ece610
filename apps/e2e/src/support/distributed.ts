import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DicomFile, readPart10Layout } from '@axiom/dicom-io';
import {
  ApiClient,
  Caller,
  Proc,
  createScratchDatabase,
  createScratchVhost,
  echo,
  freePorts,
  startApp,
  startStorescp,
  waitFor,
  waitForHttp,
} from '@axiom/testing';
import { SeededRouting, seedRouting } from '../fixtures';

export const ADMIN_KEY = 'e2edist_0123456789abcdefABCDEF';
const PAGE = 1000;

/** A delivery row as the ledger routes list it, the fields the tests look at. */
export interface Delivery {
  id: number;
  instance_id: number;
  status: string;
  last_error: string | null;
}
/** An instance row as the ledger routes list it, the fields the tests look at. */
export interface Instance {
  id: number;
  sop_instance_uid: string;
  state: string;
}

/** Every row of a ledger list route, page by page. */
export async function allRows<T>(http: ApiClient, as: Caller, path: string): Promise<T[]> {
  const rows: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await http.expect<T[]>(
      200,
      'GET',
      `${path}${path.includes('?') ? '&' : '?'}limit=${PAGE}&offset=${offset}`,
      as,
    );
    rows.push(...page);
    if (page.length < PAGE) return rows;
  }
}

/**
 * The distributed mode as separate processes on a scratch database and vhost. Set by the
 * `beforeAll` of `useDistributedRouter`: read inside tests only. A test that stops `worker`
 * puts a new one there (`startWorker`).
 */
export interface DistributedRouter {
  work: string;
  worker: Proc;
  http: ApiClient;
  seeded: SeededRouting;
  /** The destinations' folders; `scp` is dcmtk storescp's. */
  dirs: { plain: string; morphed: string; scp: string; crash: string };
  ports: { listener: number; storescp: number; tap: number; api: number; listenerHealth: number; workerHealth: number };
  /** A router-worker on the shared environment and the worker health port. */
  startWorker: () => Proc;
}

/**
 * Registers the `beforeAll`/`afterAll` of the distributed suite: the api (which migrates the
 * empty database), the routing of `seedRouting`, dcmtk storescp, a dimse-listener and a
 * router-worker; resolves once the worker is healthy and the listener answers C-ECHO.
 */
export function useDistributedRouter(): DistributedRouter {
  const admin: Caller = { apiKey: ADMIN_KEY };
  let drops: (() => Promise<void>)[];
  let env: Record<string, string>;
  let storescp: Proc;
  let api: Proc;
  let listener: Proc;
  const rig = {
    startWorker: () => startApp('router-worker', { ...env, HEALTH_PORT: String(rig.ports.workerHealth) }),
  } as DistributedRouter;

  beforeAll(async () => {
    const [l, s, t, a, lh, wh] = (await freePorts(6)) as [number, number, number, number, number, number];
    rig.ports = { listener: l, storescp: s, tap: t, api: a, listenerHealth: lh, workerHealth: wh };
    rig.work = mkdtempSync(join(tmpdir(), 'axiom-e2e-dist-'));
    const dirs = {
      plain: join(rig.work, 'out-plain'),
      morphed: join(rig.work, 'out-morphed'),
      scp: join(rig.work, 'storescp'),
      crash: join(rig.work, 'out-crash'),
    };
    rig.dirs = dirs;
    const db = await createScratchDatabase('e2e_dist');
    const vhost = await createScratchVhost('e2e-dist');
    drops = [db.drop, vhost.drop];
    env = {
      DATABASE_URL: db.url,
      RABBITMQ_URL: vhost.url,
      AXIOM_DATA_DIR: join(rig.work, 'data'),
      DICOM_STORAGE_PATH: join(rig.work, 'spool'),
      CSTORE_IDLE_CLOSE_MS: '1000',
      // a claim of the killed worker runs out after 5 s and its delivery is sent again
      DELIVERY_BACKOFF_BASE_MS: '200',
      SWEEP_INTERVAL_MS: '500',
      DELIVERY_CLAIM_LEASE_MS: '5000',
    };
    // the api migrates the empty database; the listener and the worker start on the migrated one
    api = startApp('api', { ...env, PORT: String(rig.ports.api), AXIOM_ADMIN_API_KEY: ADMIN_KEY });
    rig.http = new ApiClient(`http://127.0.0.1:${rig.ports.api}/api/v1`);
    await waitForHttp(`${rig.http.base}/system/health`);
    rig.seeded = await seedRouting(rig.http, admin, { listenerPort: l, storescpPort: s, dirs });
    storescp = startStorescp(s, dirs.scp);
    listener = startApp('dimse-listener', { ...env, HEALTH_PORT: String(lh) });
    rig.worker = rig.startWorker();
    await waitForHttp(`http://127.0.0.1:${wh}/health`);
    await waitFor('the listener to accept C-ECHO', () => echo(l, 'AXIOM'));
  });

  afterAll(async () => {
    await Promise.all([listener?.stop(), rig.worker?.stop(), storescp?.stop(), api?.stop()]);
    for (const drop of drops ?? []) await drop();
    rmSync(rig.work, { recursive: true, force: true });
  });

  return rig;
}

/**
 * Every element of `after` but `except` (and group lengths) has the bytes it had in `sent`:
 * one expectation per tag, naming the instance.
 */
export function expectElementsAsSent(uid: string, sent: DicomFile, after: DicomFile, except: number): void {
  const raw = (x: DicomFile, tag: number) => {
    const el = x.elements.find((e) => e.tag === tag);
    return el ? x.dataset.subarray(el.headerOffset, el.end).toString('hex') : null;
  };
  const tags = new Set(
    [...sent.elements, ...after.elements].map((e) => e.tag).filter((t) => t !== except && (t & 0xffff) !== 0),
  );
  for (const tag of tags)
    expect({ uid, tag: tag.toString(16), bytes: raw(after, tag) }).toEqual({
      uid,
      tag: tag.toString(16),
      bytes: raw(sent, tag),
    });
}

/**
 * Where the data set of a file (valid or not) starts and the transfer syntax to send it in:
 * implicit VR little endian when its meta says so, explicit otherwise; a file without a
 * readable meta is sent whole.
 */
export function rawStoreLayout(
  file: string,
  ts: { explicit: string; implicit: string },
): { datasetOffset: number; transferSyntaxUid: string } {
  let datasetOffset = 0;
  let transferSyntaxUid = ts.explicit;
  try {
    const layout = readPart10Layout(readFileSync(file));
    datasetOffset = layout.datasetOffset;
    if (layout.transferSyntaxUid === ts.implicit) transferSyntaxUid = ts.implicit;
  } catch {
    // not even a readable meta: send every byte as the data set
  }
  return { datasetOffset, transferSyntaxUid };
}
