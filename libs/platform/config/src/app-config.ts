import { resolve } from 'node:path';

/** Typed configuration of every app, read once from the environment and validated at boot. */
export interface AppConfig {
  /** `embedded`: SQLite + in-process transport; `distributed`: PostgreSQL + RabbitMQ. */
  mode: 'embedded' | 'distributed';
  dataDir: string;
  databaseUrl: string | null;
  sqlitePath: string;
  rabbitmqUrl: string | null;
  port: number;
  healthPort: number;
  instanceId: string;
  spoolPath: string;
  errorPath: string;
  adminApiKey: string | null;
  prefetch: number;
  delivery: { maxAttempts: number; backoffBaseMs: number; backoffMaxMs: number; sweepIntervalMs: number };
  cstore: { idleCloseMs: number; connectTimeoutMs: number; responseTimeoutMs: number };
  keepUnrouted: boolean;
  /** Key for hash_uid / shift_date morphing: keep it stable, or remapped UIDs change. */
  morphSecret: string | undefined;
  publishTimeoutMs: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  str(name: string, fallback: string): string {
    const v = this.env[name];
    return v === undefined || v === '' ? fallback : v;
  }

  optional(name: string): string | null {
    const v = this.env[name];
    return v === undefined || v === '' ? null : v;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  url(name: string, schemes: string[]): string | null {
    const raw = this.optional(name);
    if (raw === null) return null;
    try {
      const u = new URL(raw);
      if (!schemes.includes(u.protocol.replace(/:$/, ''))) this.problems.push(`${name} must use ${schemes.join(' or ')} (got ${u.protocol})`);
    } catch {
      this.problems.push(`${name} is not a valid URL`);
    }
    return raw;
  }
}

/**
 * Reads the configuration. `requireDistributed` is set by the separate apps (api, listener,
 * worker, poller), which need DATABASE_URL and RABBITMQ_URL; the standalone app needs neither.
 */
export function loadConfig(env: Env = process.env, options: { requireDistributed?: boolean } = {}): AppConfig {
  const r = new Reader(env);
  const dataDir = resolve(r.str('AXIOM_DATA_DIR', './data'));
  const databaseUrl = r.url('DATABASE_URL', ['postgres', 'postgresql']);
  const rabbitmqUrl = r.url('RABBITMQ_URL', ['amqp', 'amqps']);
  if (options.requireDistributed) {
    if (!databaseUrl) r.problems.push('DATABASE_URL is required for the separate apps (postgres://user:pass@host:5432/db)');
    if (!rabbitmqUrl) r.problems.push('RABBITMQ_URL is required for the separate apps (amqp://user:pass@host:5672)');
  }
  const logLevel = r.str('LOG_LEVEL', 'log');
  if (!['error', 'warn', 'log', 'debug'].includes(logLevel)) r.problems.push(`LOG_LEVEL must be error, warn, log or debug (got "${logLevel}")`);
  const config: AppConfig = {
    mode: options.requireDistributed ? 'distributed' : 'embedded',
    dataDir,
    databaseUrl: options.requireDistributed ? databaseUrl : null,
    sqlitePath: resolve(dataDir, r.str('AXIOM_SQLITE_FILE', 'axiom.sqlite')),
    rabbitmqUrl: options.requireDistributed ? rabbitmqUrl : null,
    port: r.int('PORT', 8001, 1, 65535),
    healthPort: r.int('HEALTH_PORT', 8002, 0, 65535),
    instanceId: r.str('AXIOM_INSTANCE_ID', 'default'),
    spoolPath: resolve(r.str('DICOM_STORAGE_PATH', resolve(dataDir, 'spool'))),
    errorPath: resolve(r.str('DICOM_ERROR_PATH', resolve(dataDir, 'errors'))),
    adminApiKey: r.optional('AXIOM_ADMIN_API_KEY'),
    prefetch: r.int('AXIOM_PREFETCH', 8, 1, 1000),
    delivery: {
      maxAttempts: r.int('DELIVERY_MAX_ATTEMPTS', 8, 1, 1000),
      backoffBaseMs: r.int('DELIVERY_BACKOFF_BASE_MS', 2000, 10, 3_600_000),
      backoffMaxMs: r.int('DELIVERY_BACKOFF_MAX_MS', 600_000, 10, 86_400_000),
      sweepIntervalMs: r.int('SWEEP_INTERVAL_MS', 5000, 100, 3_600_000),
    },
    cstore: {
      idleCloseMs: r.int('CSTORE_IDLE_CLOSE_MS', 5000, 0, 3_600_000),
      connectTimeoutMs: r.int('CSTORE_CONNECT_TIMEOUT_MS', 10_000, 100, 600_000),
      responseTimeoutMs: r.int('CSTORE_RESPONSE_TIMEOUT_MS', 60_000, 100, 3_600_000),
    },
    keepUnrouted: r.bool('KEEP_UNROUTED', true),
    morphSecret: r.optional('AXIOM_MORPH_SECRET') ?? undefined,
    publishTimeoutMs: r.int('PUBLISH_TIMEOUT_MS', 10_000, 100, 600_000),
    logLevel: logLevel as AppConfig['logLevel'],
  };
  if (config.adminApiKey !== null && !/^[A-Za-z0-9]{4,16}_[A-Za-z0-9]{16,128}$/.test(config.adminApiKey)) {
    r.problems.push('AXIOM_ADMIN_API_KEY must look like <prefix>_<secret>: 4-16 letters/digits, "_", 16-128 letters/digits');
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
