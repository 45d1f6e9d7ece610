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
  /**
   * claimLeaseMs: a delivery claim not renewed within this is taken to be its dead holder's, and released.
   * The retry schedule (maxAttempts, backoff*) spans about a day by default; a storage backend may set its own.
   * destinationConcurrency: sends in flight per storage backend in one process (its own budget);
   * destinationQueue: claims one process keeps waiting per storage backend beyond those.
   */
  delivery: {
    maxAttempts: number; backoffBaseMs: number; backoffMaxMs: number; sweepIntervalMs: number; claimLeaseMs: number;
    destinationConcurrency: number; destinationQueue: number;
  };
  /** Per storage backend: after failureThreshold consecutive connection failures or timeouts it opens; a probe every probeIntervalMs. */
  breaker: { failureThreshold: number; probeIntervalMs: number };
  /** Free space the spool keeps (SPOOL_MIN_FREE_MB): below it, intake answers "out of resources". */
  spoolMinFreeMb: number;
  /** SIGTERM: how long listeners, workers and pollers may take to finish what is in flight. */
  shutdownGraceMs: number;
  cstore: { idleCloseMs: number; connectTimeoutMs: number; responseTimeoutMs: number };
  /** DIMSE Q/R sources (C-FIND, C-MOVE, C-GET SCU): TCP connect, and the longest silence while an answer is due (also bounds association and release). */
  dimseQr: { connectTimeoutMs: number; responseTimeoutMs: number };
  /** STOW-RS deliveries (stow_rs, google_healthcare): instances of one study per request, at most, by count and bytes. */
  stow: { maxInstancesPerRequest: number; maxBytesPerRequest: number; timeoutMs: number };
  /** GOOGLE_HEALTHCARE_BASE_URL: the Cloud Healthcare API root the google_healthcare destinations use. */
  googleHealthcareBaseUrl: string;
  /** Protocol limits of our DICOM listeners (C-STORE SCP): what a peer may cost us. */
  dimse: {
    /** Largest P-DATA-TF we announce and accept, in bytes (hard cap 16 MiB). */
    maxPduLength: number;
    /** ARTIM: a new connection must send its A-ASSOCIATE-RQ within this (also the wait for the peer to close). */
    associationRequestTimeoutMs: number;
    /** An association with nothing in progress is aborted after this. */
    idleTimeoutMs: number;
    /** Inside one message, the next complete PDU must arrive within this. */
    pduTimeoutMs: number;
    maxAssociations: number;
    maxAssociationsPerPeer: number;
  };
  keepUnrouted: boolean;
  /** Routing attempts of one instance before it is quarantined (an attempt that kills the process counts). */
  routing: { maxAttempts: number };
  /** Modes of the files and folders we create (spool, quarantine, database, filesystem destinations). */
  files: { fileMode: number; dirMode: number };
  /** Clean-up of rejected uploads and of interrupted uploads' temp files. */
  retention: { quarantineMaxAgeDays: number; quarantineMaxBytes: number; incomingPartMaxAgeMinutes: number; intervalMs: number };
  /** Key for hash_uid / shift_date morphing: keep it stable, or remapped UIDs change. */
  morphSecret: string | undefined;
  publishTimeoutMs: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** LOG_FORMAT: `json` (one object per line; the distributed apps' default) or `pretty` (readable; the embedded default). */
  logFormat: 'json' | 'pretty';
  /** HEALTH_HOST: the address /health and /metrics of the listener, worker and poller bind to. */
  healthHost: string;
  /** /metrics on the API port (api, standalone) without an identity: only when METRICS_ALLOW_ANONYMOUS says so. */
  metrics: { allowAnonymous: boolean };
  /** DICOM TLS (listener rows and C-STORE storage backends with tls_enabled): PEM file paths; null = not configured. */
  dimseTls: DimseTlsConfig;
  auth: AuthConfig;
  /** Size bounds on received objects (a deflate bomb or a huge upload is refused, not read). */
  limits: { maxObjectBytes: number; maxInflatedBytes: number };
  /**
   * DICOMweb / Q-R polling: leaseMs, a source's lease not renewed within this is taken over (its
   * poller died); overlapSeconds, the cursor's overlap window; reconcileIntervalMs, how often the
   * source rows and poll-now requests are read; requestTimeoutMs, one QIDO/WADO request's bound;
   * backoffMaxMs, the longest wait after repeated errors.
   */
  polling: { leaseMs: number; overlapSeconds: number; reconcileIntervalMs: number; requestTimeoutMs: number; backoffMaxMs: number };
}

/** Certificates of DICOM TLS (PS3.15 B.1), read from files when a TLS listener or association starts. */
export interface DimseTlsConfig {
  certPath: string | null;
  keyPath: string | null;
  /** CA bundle that peers' certificates must chain to; null = the system's trusted CAs. */
  caPath: string | null;
  /** Listeners demand a client certificate signed by the CA (mutual TLS). */
  requireClientCert: boolean;
  /** C-STORE storage backends check that the peer's certificate names remote_host. */
  verifyHostname: boolean;
}

/** Sign-in, tokens, API keys and secrets at rest. */
export interface AuthConfig {
  /** HMAC key of our access tokens (SECRET_KEY); null = derived from a key file in the data dir. */
  secretKey: string | null;
  /** AES-256-GCM key for credentials at rest (AXIOM_ENCRYPTION_KEY); null = key file in the data dir. */
  encryptionKey: string | null;
  accessTokenMinutes: number;
  firstSuperuserEmail: string | null;
  /** Email domains allowed to sign in with Google; [] = any. */
  allowedEmailDomains: string[];
  /** Email of the admin created on an empty database (AXIOM_ADMIN_EMAIL). */
  adminEmail: string;
  google: {
    clientId: string | null;
    clientSecret: string | null;
    redirectUri: string | null;
    issuers: string[];
    jwksUri: string;
    authorizationUrl: string;
    tokenUrl: string;
    userInfoUrl: string;
    /** Where the console lands after the redirect flow (the token goes in the URL fragment). */
    consoleUrl: string;
  };
  signInRatePerMinute: number;
  apiKeyRatePerMinute: number;
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

  /** A permission mode in octal, e.g. 600 or 0640; `ownerBits` are those the owner must keep. */
  mode(name: string, fallback: number, ownerBits: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const mode = /^0?[0-7]{3}$/.test(raw) ? parseInt(raw, 8) : NaN;
    if (Number.isNaN(mode) || (mode & ownerBits) !== ownerBits) {
      this.problems.push(`${name} must be an octal mode such as ${fallback.toString(8)}, keeping owner bits ${ownerBits.toString(8)} (got "${raw}")`);
      return fallback;
    }
    return mode;
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
  const logFormat = r.str('LOG_FORMAT', options.requireDistributed ? 'json' : 'pretty');
  if (!['json', 'pretty'].includes(logFormat)) r.problems.push(`LOG_FORMAT must be json or pretty (got "${logFormat}")`);
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
    googleHealthcareBaseUrl: r.url('GOOGLE_HEALTHCARE_BASE_URL', ['http', 'https']) ?? 'https://healthcare.googleapis.com/v1',
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
    logLevel: logLevel as AppConfig['logLevel'],
    logFormat: logFormat as AppConfig['logFormat'],
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
    r.problems.push('AXIOM_ADMIN_API_KEY must look like <prefix>_<secret>: 4-16 letters/digits, "_", 16-128 letters/digits');
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

function readAuthConfig(r: Reader): AuthConfig {
  const list = (name: string): string[] => (r.optional(name) ?? '').split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  const encryptionKey = r.optional('AXIOM_ENCRYPTION_KEY');
  if (encryptionKey !== null && !/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/.test(encryptionKey)) {
    r.problems.push('AXIOM_ENCRYPTION_KEY must be 32 bytes as 64 hex digits or base64 (e.g. `openssl rand -hex 32`)');
  }
  const secretKey = r.optional('SECRET_KEY');
  if (secretKey !== null && secretKey.length < 32) r.problems.push('SECRET_KEY must be at least 32 characters');
  return {
    secretKey,
    encryptionKey,
    accessTokenMinutes: r.int('ACCESS_TOKEN_EXPIRE_MINUTES', 60, 1, 525_600),
    firstSuperuserEmail: r.optional('FIRST_SUPERUSER_EMAIL')?.toLowerCase() ?? null,
    allowedEmailDomains: list('ALLOWED_EMAIL_DOMAINS'),
    adminEmail: r.str('AXIOM_ADMIN_EMAIL', 'admin@localhost').toLowerCase(),
    google: {
      clientId: r.optional('GOOGLE_OAUTH_CLIENT_ID'),
      clientSecret: r.optional('GOOGLE_OAUTH_CLIENT_SECRET'),
      redirectUri: r.url('GOOGLE_OAUTH_REDIRECT_URI', ['http', 'https']),
      issuers: list('GOOGLE_ISSUERS').length > 0 ? (r.optional('GOOGLE_ISSUERS') ?? '').split(',').map((s) => s.trim()) : ['https://accounts.google.com', 'accounts.google.com'],
      jwksUri: r.url('GOOGLE_JWKS_URI', ['http', 'https']) ?? 'https://www.googleapis.com/oauth2/v3/certs',
      authorizationUrl: r.url('GOOGLE_AUTHORIZATION_URL', ['http', 'https']) ?? 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: r.url('GOOGLE_TOKEN_URL', ['http', 'https']) ?? 'https://oauth2.googleapis.com/token',
      userInfoUrl: r.url('GOOGLE_USERINFO_URL', ['http', 'https']) ?? 'https://openidconnect.googleapis.com/v1/userinfo',
      consoleUrl: r.str('AXIOM_CONSOLE_URL', '/'),
    },
    signInRatePerMinute: r.int('SIGN_IN_RATE_LIMIT_PER_MINUTE', 20, 1, 100_000),
    apiKeyRatePerMinute: r.int('API_KEY_RATE_LIMIT_PER_MINUTE', 1200, 1, 1_000_000),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
