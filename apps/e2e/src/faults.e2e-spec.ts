import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DeliveryStatus } from '@axiom/domain';
import {
  PrivatePostgres,
  PrivateRabbitMq,
  Proc,
  SendReport,
  echo,
  freePorts,
  sendResiliently,
  startApp,
  startStorescp,
  storeFileOf,
  waitFor,
  waitForHttp,
} from '@axiom/testing';
import { filesUnder, makeCorpus, sopUidOf } from './fixtures';
import {
  GRACEFUL_EXIT_MS,
  Stopped,
  apiHealthy,
  faultEnv,
  seedFaultRouting,
  startFaultInfrastructure,
  terminate,
} from './support/faults';

jest.setTimeout(900_000);

/** Instances per sender (the issue asks for up to 300; FAULT_INSTANCES lowers it on a slow machine). */
const PER_SENDER = Number(process.env['FAULT_INSTANCES'] ?? 300);
const ADMIN_KEY = 'e2efault_0123456789abcdefABCDEF';

/**
 * The distributed mode under faults, on a PostgreSQL and a RabbitMQ of this suite's own (the
 * shared ones serve other tests): two workers, one listener, the api, two senders of PER_SENDER
 * instances each, while in turn a worker is killed, RabbitMQ restarts, the listener is killed,
 * PostgreSQL restarts, the api is killed, a worker and the listener are stopped with SIGTERM.
 * Every instance a sender saw acknowledged must reach the folder and the C-STORE peer, once.
 */
describe('faults in the distributed mode: kills, broker and database restarts, graceful stops', () => {
  let work: string;
  let pg: PrivatePostgres;
  let rmq: PrivateRabbitMq;
  let db: DataSource;
  let env: Record<string, string>;
  const procs: Record<string, Proc> = {};
  let ports: Record<'listener' | 'storescp' | 'api' | 'listenerHealth' | 'workerA' | 'workerB', number>;
  const dirs = { out: '', scp: '' };

  const start = {
    listener: () => {
      procs['listener'] = startApp('dimse-listener', { ...env, HEALTH_PORT: String(ports.listenerHealth) });
    },
    workerA: () => {
      procs['workerA'] = startApp('router-worker', { ...env, HEALTH_PORT: String(ports.workerA) });
    },
    workerB: () => {
      procs['workerB'] = startApp('router-worker', { ...env, HEALTH_PORT: String(ports.workerB) });
    },
    api: () => {
      procs['api'] = startApp('api', { ...env, PORT: String(ports.api), AXIOM_ADMIN_API_KEY: ADMIN_KEY });
    },
  };
  const healthy = (port: number) => waitForHttp(`http://127.0.0.1:${port}/health`, 90_000);
  const listening = () => waitFor('the listener to accept C-ECHO', () => echo(ports.listener, 'AXIOM'), 90_000, 500);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'axiom-e2e-faults-'));
    dirs.out = join(work, 'out');
    dirs.scp = join(work, 'storescp');
    const [pgPort, amqp, dist, ...rest] = await freePorts(9);
    const [listener, storescp, api, listenerHealth, workerA, workerB] = rest as number[];
    ports = { listener, storescp, api, listenerHealth, workerA, workerB } as typeof ports;
    const infra = await startFaultInfrastructure({ pg: pgPort as number, amqp: amqp as number, dist: dist as number });
    ({ pg, rmq, db } = infra);
    await seedFaultRouting(db, ports.listener, ports.storescp, dirs.out);
    env = faultEnv(infra, work);
    procs['storescp'] = startStorescp(ports.storescp, dirs.scp);
    start.listener();
    start.workerA();
    start.workerB();
    start.api();
    await Promise.all([
      healthy(ports.workerA),
      healthy(ports.workerB),
      waitForHttp(`http://127.0.0.1:${ports.api}/api/v1/system/health`, 90_000),
      listening(),
    ]);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(Object.values(procs).map((p) => p.stop()));
    await db?.destroy().catch(() => undefined);
    await rmq?.destroy();
    await pg?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('loses nothing acknowledged, delivers each instance once per destination, and every process reconnects by itself', async () => {
    const corpus = [makeCorpus(join(work, 'corpus-a'), PER_SENDER), makeCorpus(join(work, 'corpus-b'), PER_SENDER)].map(
      (dir) => filesUnder(dir).map(storeFileOf),
    );
    let acked = 0;
    const deadline = Date.now() + 420_000;
    const senders = corpus.map((files, i) =>
      sendResiliently({
        host: '127.0.0.1',
        port: ports.listener,
        callingAeTitle: `SENDER${i}`,
        calledAeTitle: 'AXIOM',
        files,
        deadline,
        onAcknowledged: () => {
          acked++;
        },
      }),
    );
    const total = 2 * PER_SENDER;
    const progress: Record<string, number> = {};
    // the next fault waits for its share and for an acknowledgment after the last fault: intake recovered by itself
    const at = (fraction: number) => {
      const after = Math.max(-1, ...Object.values(progress));
      return waitFor(
        `${Math.round(fraction * 100)}% acknowledged, one after the last fault (now ${acked})`,
        () => acked >= fraction * total && acked > after,
        240_000,
        100,
      );
    };
    const stops: Record<string, Stopped> = {};

    await at(0.1);
    await procs['workerA']?.kill9();
    start.workerA();
    progress['worker A killed'] = acked;

    await at(0.2);
    await rmq.restart(); // the listener, the api and worker B live through it
    progress['RabbitMQ restarted'] = acked;

    await at(0.35);
    await procs['listener']?.kill9();
    start.listener();
    await listening();
    progress['listener killed'] = acked;

    await at(0.45);
    await pg.restart(); // every process lives through it
    progress['PostgreSQL restarted'] = acked;

    await at(0.55);
    // the api lived through both restarts: it answers with database and broker ok before it is killed
    await waitFor('the api healthy after the restarts', () => apiHealthy(ports.api), 60_000, 500);
    await procs['api']?.kill9();
    start.api();
    progress['api killed'] = acked;

    await at(0.65);
    // the senders' associations are in flight: what was sent is answered, then the listener exits
    stops['listener'] = await terminate(procs['listener'] as Proc);
    start.listener();
    progress['listener stopped'] = acked;

    await at(0.8);
    // deliveries are in flight on worker B: it finishes or hands them back while the senders go on;
    // worker A (which lived through the broker and database restarts) delivers the rest alone
    const workerBStopped = terminate(procs['workerB'] as Proc);
    progress['worker B stopping'] = acked;

    const reports: SendReport[] = await Promise.all(senders);
    stops['worker B'] = await workerBStopped;
    const acknowledged = new Set(reports.flatMap((r) => [...r.acknowledged]));
    expect(acknowledged.size).toBe(total);

    const missing = () => {
      const out = new Set(filesUnder(dirs.out).map(sopUidOf));
      const scp = new Set(filesUnder(dirs.scp).map(sopUidOf));
      return {
        folder: [...acknowledged].filter((uid) => !out.has(uid)).length,
        storescp: [...acknowledged].filter((uid) => !scp.has(uid)).length,
      };
    };
    try {
      await waitFor(
        'every acknowledged instance in the folder and at the C-STORE peer',
        () => {
          const m = missing();
          return m.folder + m.storescp === 0;
        },
        240_000,
        2000,
      );
    } catch (err) {
      const byStatus = await db.query('SELECT status, COUNT(*)::int AS n FROM deliveries GROUP BY status');
      throw new Error(
        `${(err as Error).message}; missing ${JSON.stringify(missing())}; deliveries ${JSON.stringify(byStatus)}; progress ${JSON.stringify(progress)}`,
      );
    }

    // one delivery row per instance and destination, each delivered; instances a sender sent twice
    // (its answer was lost) are two instance rows, each delivered once
    const dup = await db.query(
      'SELECT instance_id, storage_backend_id FROM deliveries GROUP BY instance_id, storage_backend_id HAVING COUNT(*) > 1',
    );
    expect(dup).toEqual([]);
    await waitFor(
      'every delivery final',
      async () => {
        const open = await db.query(
          `SELECT COUNT(*)::int AS n FROM deliveries WHERE status <> '${DeliveryStatus.Delivered}'`,
        );
        return open[0].n === 0;
      },
      120_000,
      1000,
    );
    const failed = await db.query(
      `SELECT COUNT(*)::int AS n FROM deliveries WHERE status = '${DeliveryStatus.Failed}'`,
    );
    expect(failed[0].n).toBe(0);

    // graceful stops ended well within the bound, not by the watchdog
    for (const [name, s] of Object.entries(stops))
      expect({ name, within: s.ms < GRACEFUL_EXIT_MS, watchdog: s.code === 1 }).toEqual({
        name,
        within: true,
        watchdog: false,
      });
    // the processes that lived through the restarts answer their health checks (database and broker ok)
    for (const port of [ports.workerA]) expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    await waitFor('the api healthy', () => apiHealthy(ports.api), 60_000, 500);
    process.stdout.write(
      `faults: ${total} acknowledged (${reports.map((r) => `${r.networkErrors} network errors, ${r.refused} refusals`).join('; ')}); ` +
        `progress ${JSON.stringify(progress)}; graceful stops ${JSON.stringify(stops)}\n`,
    );
  });
});
