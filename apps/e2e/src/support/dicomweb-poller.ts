import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openDatabase } from '@axiom/persistence';
import { Proc, freePorts, startApp, validSamples, waitFor, waitForHttp } from '@axiom/testing';
import {
  ArchiveProxy,
  OrthancArchive,
  startArchiveProxy,
  startOrthancArchive,
  synthStudy,
} from '../dicomweb-poller.peers';

export const ADMIN_KEY = 'e2epoll_0123456789abcdefABCDEF';
/** The bearer token the proxy in front of the archive takes. */
export const TOKEN = 'bearer-token-of-the-front';
/** Poller timings short enough for the tests' rounds, leases and back-offs. */
export const FAST = {
  POLL_RECONCILE_INTERVAL_MS: '300',
  POLL_LEASE_MS: '3000',
  POLL_REQUEST_TIMEOUT_MS: '20000',
  POLL_BACKOFF_MAX_MS: '4000',
};
/** A UID of this run, numbered. */
export const uid = (n: number) => `1.2.826.0.1.3680043.10.1234.${process.pid}.${n}`;

/** A DICOMweb source as the API reads it, the fields the tests look at. */
export interface SourceRead {
  id: number;
  found_instance_count: number;
  queued_instance_count: number;
  processed_instance_count: number;
  last_successful_run: string | null;
  last_error_message: string | null;
  next_run_at: string | null;
}

/** The instances the ledger holds from one source: SOP Instance UID -> how many rows. */
async function ledgerOf(db: DataSource, source: string): Promise<Map<string, number>> {
  const rows = (await db.query(
    'SELECT sop_instance_uid AS uid, COUNT(*) AS n FROM instances WHERE source_name = $1 GROUP BY sop_instance_uid'.replace(
      '$1',
      db.options.type === 'postgres' ? '$1' : '?',
    ),
    [source],
  )) as { uid: string; n: string | number }[];
  return new Map(rows.map((r) => [r.uid, Number(r.n)]));
}

/** Waits (bounded) for the ledger to hold as many instances from `source` as wanted; then exactly those, once each. */
export async function expectExactly(
  db: DataSource,
  source: string,
  uids: Iterable<string>,
  timeoutMs = 90_000,
): Promise<void> {
  const want = [...new Set(uids)].sort();
  await waitFor(
    `source ${source}: ${want.length} instances`,
    async () => (await ledgerOf(db, source)).size >= want.length,
    timeoutMs,
    200,
  );
  const got = await ledgerOf(db, source);
  expect([...got.keys()].sort()).toEqual(want);
  expect([...got.values()].filter((n) => n !== 1)).toEqual([]);
}

/** The remote side for the whole file. Set by `usePollerPeers`'s `beforeAll`: read inside tests only. */
export interface PollerPeers {
  work: string;
  orthanc: OrthancArchive;
  /** In front of Orthanc, taking TOKEN; can hold retrievals in the middle. */
  proxy: ArchiveProxy;
  /** A port nothing listens on: a source that is down. */
  closedPort: number;
}

/** Registers the `beforeAll`/`afterAll` starting Orthanc as the archive and the proxy in front of it. */
export function usePollerPeers(): PollerPeers {
  const peers = {} as PollerPeers;
  beforeAll(async () => {
    peers.work = mkdtempSync(join(tmpdir(), 'axiom-e2e-poller-'));
    const [http, dicom, proxyPort, closed] = await freePorts(4);
    peers.closedPort = closed as number;
    peers.orthanc = await startOrthancArchive(join(peers.work, 'orthanc'), http as number, dicom as number);
    peers.proxy = await startArchiveProxy({ port: proxyPort as number, archivePort: http as number, token: TOKEN });
  });
  afterAll(async () => {
    await peers.proxy?.stop();
    await peers.orthanc?.stop();
    rmSync(peers.work, { recursive: true, force: true });
  });
  return peers;
}

/**
 * The embedded router polling the archive. `app`, `db`, `samplesHeld` and `study2` are set by
 * `useEmbeddedPoller`'s `beforeAll` (`app` again by `boot`); the functions may be taken at once.
 */
export interface EmbeddedPoller {
  app: Proc;
  /** The router's SQLite database, read behind its back. */
  db: DataSource;
  /** How many of the samples Orthanc took. */
  samplesHeld: number;
  /** The files of study 2 (uid(2)), in the archive from the start. */
  study2: string[];
  /** The folder of the filesystem destination everything is routed to. */
  out: () => string;
  /** A request as the admin; the status and the parsed body. */
  api: <T>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;
  source: (id: number) => Promise<SourceRead>;
  /** Creates a DICOMweb source (empty prefixes, polled every 2 s unless `body` says otherwise); expects 201. */
  create: (body: Record<string, unknown>) => Promise<SourceRead>;
  /** Starts the standalone app on its data directory and waits for it to answer. */
  boot: () => Promise<void>;
}

/**
 * Registers the `beforeAll`/`afterAll` of the embedded-mode tests: the archive loaded with every
 * sample Orthanc takes and two synthetic studies, then the standalone app routing everything to `out()`.
 */
export function useEmbeddedPoller(peers: PollerPeers): EmbeddedPoller {
  let env: Record<string, string>;
  let base: string;
  const router: EmbeddedPoller = {
    out: () => join(peers.work, 'out'),
    api: async <T>(method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { Authorization: `Api-Key ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
    },
    source: async (id) => (await router.api<SourceRead>('GET', `/config/dicomweb-sources/${id}`)).body,
    create: async (body) => {
      const res = await router.api<SourceRead>('POST', '/config/dicomweb-sources', {
        qido_prefix: '',
        wado_prefix: '',
        polling_interval_seconds: 2,
        ...body,
      });
      expect(res.status).toBe(201);
      return res.body;
    },
    boot: async () => {
      router.app = startApp('standalone', env);
      await waitForHttp(`${base}/system/health`);
    },
  } as EmbeddedPoller;

  beforeAll(async () => {
    const [apiPort, healthPort, listenerPort] = await freePorts(3);
    base = `http://127.0.0.1:${apiPort}/api/v1`;
    env = {
      AXIOM_DATA_DIR: join(peers.work, 'data'),
      PORT: String(apiPort),
      HEALTH_PORT: String(healthPort),
      HOST: '127.0.0.1',
      AXIOM_ADMIN_API_KEY: ADMIN_KEY,
      AXIOM_DEFAULT_LISTENER_PORT: String(listenerPort),
      ...FAST,
    };
    // every sample Orthanc takes (it refuses a few, e.g. bare data sets), plus synthetic studies
    router.samplesHeld = (await peers.orthanc.upload(validSamples().map((s) => s.path))).length;
    const oldStudy = synthStudy(join(peers.work, 'synth'), {
      studyUid: uid(1),
      seriesUids: [uid(11), uid(12)],
      perSeries: 2,
      date: '20190301',
    });
    router.study2 = synthStudy(join(peers.work, 'synth'), { studyUid: uid(2), seriesUids: [uid(21)], perSeries: 3 });
    await peers.orthanc.upload([...oldStudy, ...router.study2]);
    await router.boot();
    router.db = await openDatabase(
      { databaseUrl: null, sqlitePath: join(env['AXIOM_DATA_DIR'] as string, 'axiom.sqlite') },
      { migrate: false },
    );
    const backend = await router.api<{ id: number }>('POST', '/config/storage-backends', {
      name: 'out',
      backend_type: 'filesystem',
      path: router.out(),
    });
    const ruleset = await router.api<{ id: number }>('POST', '/rules-engine/rulesets', {
      name: 'all',
      execution_mode: 'ALL_MATCHES',
    });
    await router.api('POST', '/rules-engine/rules', {
      ruleset_id: ruleset.body.id,
      name: 'all',
      match_criteria: [],
      destination_ids: [backend.body.id],
    });
  });
  afterAll(async () => {
    await router.app?.stop();
    await router.db?.destroy();
  });

  return router;
}
