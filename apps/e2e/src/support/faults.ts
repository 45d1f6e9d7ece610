import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ExecutionMode, DestinationType } from '@axiom/domain';
import { DimseListenerEntity, RuleEntity, RulesetEntity, DestinationEntity, openDatabase } from '@axiom/persistence';
import { PrivatePostgres, PrivateRabbitMq, Proc, startPrivatePostgres, startPrivateRabbitMq } from '@axiom/testing';

/** SIGTERM must end a process within this (the bound). */
export const GRACEFUL_EXIT_MS = 30_000;

/** How a process stopped with SIGTERM ended, and how long it took. */
export interface Stopped {
  ms: number;
  code: number | null;
  signal: string | null;
}

/** SIGTERM and the time to exit (bounded: a process still running past the bound is killed and the test fails). */
export async function terminate(p: Proc): Promise<Stopped> {
  const started = Date.now();
  const exited = new Promise<Stopped>((resolve) =>
    p.child.once('exit', (code, signal) => resolve({ ms: Date.now() - started, code, signal })),
  );
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), GRACEFUL_EXIT_MS + 10_000);
  const result = await exited;
  clearTimeout(timer);
  return result;
}

/** The api's own view: database and broker both ok (the route answers 200 with "degraded" otherwise). */
export async function apiHealthy(port: number): Promise<boolean> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/system/health`);
  return res.status === 200 && ((await res.json()) as { status: string }).status === 'ok';
}

/** The suite's own PostgreSQL (with a migrated database "axiom_faults") and RabbitMQ (with a vhost of its own). */
export interface FaultInfrastructure {
  pg: PrivatePostgres;
  rmq: PrivateRabbitMq;
  db: DataSource;
  databaseUrl: string;
  rabbitmqUrl: string;
}

/** Starts the private PostgreSQL and RabbitMQ, creates and migrates the suite's database (stopping both on failure). */
export async function startFaultInfrastructure(ports: {
  pg: number;
  amqp: number;
  dist: number;
}): Promise<FaultInfrastructure> {
  const pg = await startPrivatePostgres(ports.pg);
  let rmq: PrivateRabbitMq | undefined;
  try {
    rmq = await startPrivateRabbitMq({ amqp: ports.amqp, dist: ports.dist });
    const rabbitmqUrl = await rmq.addVhost('axiom-faults');
    const admin = await openDatabase({ databaseUrl: pg.url, sqlitePath: '' }, { migrate: false });
    await admin.query('CREATE DATABASE axiom_faults');
    await admin.destroy();
    const databaseUrl = pg.url.replace(/\/postgres$/, '/axiom_faults');
    const db = await openDatabase({ databaseUrl, sqlitePath: '' }, { migrate: true });
    return { pg, rmq, db, databaseUrl, rabbitmqUrl };
  } catch (err) {
    await rmq?.destroy();
    await pg.destroy();
    throw err;
  }
}

/** The environment of every process of the suite: fast sweeps, retries, leases and probes. */
export function faultEnv(infra: FaultInfrastructure, work: string): Record<string, string> {
  return {
    DATABASE_URL: infra.databaseUrl,
    RABBITMQ_URL: infra.rabbitmqUrl,
    AXIOM_DATA_DIR: join(work, 'data'),
    DICOM_STORAGE_PATH: join(work, 'spool'),
    CSTORE_IDLE_CLOSE_MS: '1000',
    DELIVERY_BACKOFF_BASE_MS: '500',
    DELIVERY_BACKOFF_MAX_MS: '5000',
    SWEEP_INTERVAL_MS: '1000',
    DELIVERY_CLAIM_LEASE_MS: '5000',
    PUBLISH_TIMEOUT_MS: '5000',
    BREAKER_PROBE_INTERVAL_MS: '1000',
    SPOOL_MIN_FREE_MB: '64',
  };
}

/** A listener (AE AXIOM) and one rule routing everything to a folder and a C-STORE peer, saved to the database. */
export async function seedFaultRouting(
  db: DataSource,
  listenerPort: number,
  storescpPort: number,
  outDir: string,
): Promise<void> {
  await db.getRepository(DimseListenerEntity).save({
    name: 'faults',
    aeTitle: 'AXIOM',
    port: listenerPort,
    isEnabled: true,
    instanceId: 'default',
    tlsEnabled: false,
    description: null,
  });
  const backends = db.getRepository(DestinationEntity);
  const out = await backends.save({
    name: 'folder',
    description: null,
    isEnabled: true,
    backendType: DestinationType.Filesystem,
    config: { path: outDir },
    secrets: null,
    retryPolicy: null,
  });
  const scp = await backends.save({
    name: 'storescp',
    description: null,
    isEnabled: true,
    backendType: DestinationType.Cstore,
    secrets: null,
    retryPolicy: null,
    config: {
      remote_ae_title: 'STORESCP',
      remote_host: '127.0.0.1',
      remote_port: storescpPort,
      local_ae_title: 'AXIOM_STORE_SCU',
      tls_enabled: false,
    },
  });
  const ruleset = await db
    .getRepository(RulesetEntity)
    .save({ name: 'all', description: null, isActive: true, priority: 0, executionMode: ExecutionMode.AllMatches });
  await db.getRepository(RuleEntity).save({
    rulesetId: ruleset.id,
    name: 'both',
    description: null,
    isActive: true,
    priority: 0,
    matchCriteria: [],
    associationCriteria: [],
    tagModifications: [],
    applicableSources: null,
    destinations: [out, scp],
  });
}
