import { resolve } from 'node:path';
import type { AppConfig, CommonConfig, DistributedConfig, EmbeddedConfig } from './app-config';
import { ConfigError, Env, EnvReader } from './env-reader';
import { readAuthConfig } from './read-auth-config';

/** `requireDistributed`: the separate apps (api, listener, worker, poller), which need DATABASE_URL and RABBITMQ_URL. */
export interface LoadConfigOptions {
  requireDistributed?: boolean;
}

/**
 * Reads and validates the configuration; throws a ConfigError naming every bad or missing
 * variable. Without `requireDistributed` (the standalone app) the result is the embedded mode:
 * in-process transport, and the SQLite file unless DATABASE_URL asks for PostgreSQL.
 */
export function loadConfig(env?: Env, options?: { requireDistributed?: false }): EmbeddedConfig;
export function loadConfig(env: Env, options: { requireDistributed: true }): DistributedConfig;
export function loadConfig(env?: Env, options?: LoadConfigOptions): AppConfig;
export function loadConfig(env: Env = process.env, options: LoadConfigOptions = {}): AppConfig {
  const r = new EnvReader(env);
  const distributed = options.requireDistributed === true;
  const connections = readConnections(r, distributed);
  const common = readCommon(r, distributed);
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return { ...common, ...connections };
}

type Connections =
  | Pick<EmbeddedConfig, 'mode' | 'databaseUrl' | 'rabbitmqUrl'>
  | Pick<DistributedConfig, 'mode' | 'databaseUrl' | 'rabbitmqUrl'>;

/** The mode and its URLs: the distributed mode requires both; the embedded mode honours DATABASE_URL and has no broker. */
function readConnections(r: EnvReader, distributed: boolean): Connections {
  const databaseUrl = r.url('DATABASE_URL', ['postgres', 'postgresql']);
  const rabbitmqUrl = r.url('RABBITMQ_URL', ['amqp', 'amqps']);
  if (!distributed) return { mode: 'embedded', databaseUrl, rabbitmqUrl: null };
  if (databaseUrl === null)
    r.problems.push('DATABASE_URL is required for the separate apps (postgres://user:pass@host:5432/db)');
  if (rabbitmqUrl === null)
    r.problems.push('RABBITMQ_URL is required for the separate apps (amqp://user:pass@host:5672)');
  // never returned empty: loadConfig throws on the problems just noted
  return { mode: 'distributed', databaseUrl: databaseUrl ?? '', rabbitmqUrl: rabbitmqUrl ?? '' };
}

/** Every setting both modes share; `distributed` only changes the LOG_FORMAT default. */
function readCommon(r: EnvReader, distributed: boolean): CommonConfig {
  const dataDir = resolve(r.str('AXIOM_DATA_DIR', './data'));
  const config: CommonConfig = {
    dataDir,
    sqlitePath: resolve(dataDir, r.str('AXIOM_SQLITE_FILE', 'axiom.sqlite')),
    port: r.int('PORT', 8001, 1, 65535),
    host: r.str('HOST', '0.0.0.0'),
    healthPort: r.int('HEALTH_PORT', 8002, 0, 65535),
    instanceId: r.str('AXIOM_INSTANCE_ID', 'default'),
    defaultListenerPort: r.int('AXIOM_DEFAULT_LISTENER_PORT', 11112, 1, 65535),
    spoolPath: resolve(r.str('DICOM_STORAGE_PATH', resolve(dataDir, 'spool'))),
    errorPath: resolve(r.str('DICOM_ERROR_PATH', resolve(dataDir, 'errors'))),
    adminApiKey: r.optional('AXIOM_ADMIN_API_KEY'),
    prefetch: r.int('AXIOM_PREFETCH', 8, 1, 1000),
    delivery: {
      maxAttempts: r.int('DELIVERY_MAX_ATTEMPTS', 21, 1, 1000),
      backoffBaseMs: r.int('DELIVERY_BACKOFF_BASE_MS', 30_000, 10, 3_600_000),
      backoffMaxMs: r.int('DELIVERY_BACKOFF_MAX_MS', 7_200_000, 10, 86_400_000),
      sweepIntervalMs: r.int('SWEEP_INTERVAL_MS', 5000, 100, 3_600_000),
      claimLeaseMs: r.int('DELIVERY_CLAIM_LEASE_MS', 60_000, 1000, 3_600_000),
      destinationConcurrency: r.int('DELIVERY_DESTINATION_CONCURRENCY', 4, 1, 1000),
      destinationQueue: r.int('DELIVERY_DESTINATION_QUEUE', 64, 0, 100_000),
    },
    breaker: {
      failureThreshold: r.int('BREAKER_FAILURE_THRESHOLD', 5, 1, 1000),
      probeIntervalMs: r.int('BREAKER_PROBE_INTERVAL_MS', 30_000, 100, 3_600_000),
    },
    spoolMinFreeMb: r.int('SPOOL_MIN_FREE_MB', 1024, 0, 100_000_000),
    shutdownGraceMs: r.int('SHUTDOWN_GRACE_MS', 25_000, 0, 600_000),
    stow: {
      maxInstancesPerRequest: r.int('STOW_MAX_INSTANCES_PER_REQUEST', 50, 1, 10_000),
      maxBytesPerRequest: r.int('STOW_MAX_REQUEST_BYTES', 64 * 1024 * 1024, 1024, Number.MAX_SAFE_INTEGER),
      timeoutMs: r.int('STOW_TIMEOUT_MS', 120_000, 100, 3_600_000),
    },
    googleHealthcareBaseUrl:
      r.url('GOOGLE_HEALTHCARE_BASE_URL', ['http', 'https']) ?? 'https://healthcare.googleapis.com/v1',
    cstore: {
      idleCloseMs: r.int('CSTORE_IDLE_CLOSE_MS', 5000, 0, 3_600_000),
      connectTimeoutMs: r.int('CSTORE_CONNECT_TIMEOUT_MS', 10_000, 100, 600_000),
      responseTimeoutMs: r.int('CSTORE_RESPONSE_TIMEOUT_MS', 60_000, 100, 3_600_000),
    },
    dimseQr: {
      connectTimeoutMs: r.int('DIMSE_QR_CONNECT_TIMEOUT_MS', 10_000, 100, 600_000),
      responseTimeoutMs: r.int('DIMSE_QR_RESPONSE_TIMEOUT_MS', 60_000, 100, 3_600_000),
    },
    dimse: {
      maxPduLength: r.int('DIMSE_MAX_PDU_LENGTH', 1024 * 1024, 4096, 16 * 1024 * 1024),
      associationRequestTimeoutMs: r.int('DIMSE_ASSOCIATION_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
      idleTimeoutMs: r.int('DIMSE_IDLE_TIMEOUT_MS', 120_000, 100, 86_400_000),
      pduTimeoutMs: r.int('DIMSE_PDU_TIMEOUT_MS', 60_000, 100, 3_600_000),
      maxAssociations: r.int('DIMSE_MAX_ASSOCIATIONS', 64, 1, 10_000),
      maxAssociationsPerPeer: r.int('DIMSE_MAX_ASSOCIATIONS_PER_PEER', 16, 1, 10_000),
    },
    keepUnrouted: r.bool('KEEP_UNROUTED', true),
    routing: { maxAttempts: r.int('ROUTING_MAX_ATTEMPTS', 3, 1, 100) },
    files: { fileMode: r.mode('AXIOM_FILE_MODE', 0o600, 0o600), dirMode: r.mode('AXIOM_DIR_MODE', 0o700, 0o700) },
    retention: {
      quarantineMaxAgeDays: r.int('QUARANTINE_MAX_AGE_DAYS', 30, 1, 36_500),
      quarantineMaxBytes: r.int('QUARANTINE_MAX_BYTES', 10 * 1024 ** 3, 0, Number.MAX_SAFE_INTEGER),
      incomingPartMaxAgeMinutes: r.int('SPOOL_PART_MAX_AGE_MINUTES', 60, 1, 525_600),
      intervalMs: r.int('RETENTION_INTERVAL_MS', 3_600_000, 1000, 86_400_000),
    },
    morphSecret: r.optional('AXIOM_MORPH_SECRET') ?? undefined,
    publishTimeoutMs: r.int('PUBLISH_TIMEOUT_MS', 10_000, 100, 600_000),
    logLevel: r.oneOf('LOG_LEVEL', 'log', ['error', 'warn', 'log', 'debug'] as const),
    logFormat: r.oneOf('LOG_FORMAT', distributed ? 'json' : 'pretty', ['json', 'pretty'] as const),
    healthHost: r.str('HEALTH_HOST', '127.0.0.1'),
    metrics: { allowAnonymous: r.bool('METRICS_ALLOW_ANONYMOUS', false) },
    dimseTls: {
      certPath: r.optional('DIMSE_TLS_CERT'),
      keyPath: r.optional('DIMSE_TLS_KEY'),
      caPath: r.optional('DIMSE_TLS_CA'),
      requireClientCert: r.bool('DIMSE_TLS_REQUIRE_CLIENT_CERT', false),
      verifyHostname: r.bool('DIMSE_TLS_VERIFY_HOSTNAME', true),
    },
    auth: readAuthConfig(r),
    limits: {
      maxObjectBytes: r.int('AXIOM_MAX_OBJECT_BYTES', 4 * 1024 ** 3, 1024, Number.MAX_SAFE_INTEGER),
      maxInflatedBytes: r.int('AXIOM_MAX_INFLATED_BYTES', 512 * 1024 ** 2, 1024, 2 ** 32 - 1),
    },
    polling: {
      leaseMs: r.int('POLL_LEASE_MS', 60_000, 1000, 3_600_000),
      overlapSeconds: r.int('POLL_OVERLAP_SECONDS', 3600, 0, 31_536_000),
      reconcileIntervalMs: r.int('POLL_RECONCILE_INTERVAL_MS', 2000, 100, 600_000),
      requestTimeoutMs: r.int('POLL_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
      backoffMaxMs: r.int('POLL_BACKOFF_MAX_MS', 1_800_000, 1000, 86_400_000),
    },
  };
  if (config.adminApiKey !== null && !/^[A-Za-z0-9]{4,16}_[A-Za-z0-9]{16,128}$/.test(config.adminApiKey)) {
    r.problems.push(
      'AXIOM_ADMIN_API_KEY must look like <prefix>_<secret>: 4-16 letters/digits, "_", 16-128 letters/digits',
    );
  }
  return config;
}
