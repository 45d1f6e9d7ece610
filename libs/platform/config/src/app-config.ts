/**
 * Typed configuration of every app, read once from the environment and validated at boot: the
 * settings both modes share, plus the mode with its connections (see EmbeddedConfig and
 * DistributedConfig). Code that needs a broker or database URL narrows on `mode` first.
 */
export type AppConfig = EmbeddedConfig | DistributedConfig;

/**
 * `npm start` (the standalone app): every feature in one process, in-process transport. The
 * database is the SQLite file under AXIOM_DATA_DIR, or PostgreSQL when DATABASE_URL is set.
 */
export interface EmbeddedConfig extends CommonConfig {
  mode: 'embedded';
  /** DATABASE_URL when given (the embedded mode on PostgreSQL); null selects the SQLite file. */
  databaseUrl: string | null;
  /** Never a broker: the embedded mode's transport is in-process (RABBITMQ_URL is not used). */
  rabbitmqUrl: null;
}

/** The separate apps (api, dimse-listener, router-worker, poller): PostgreSQL and RabbitMQ, both required. */
export interface DistributedConfig extends CommonConfig {
  mode: 'distributed';
  databaseUrl: string;
  rabbitmqUrl: string;
}

/** Every setting that does not depend on the mode. */
export interface CommonConfig {
  dataDir: string;
  sqlitePath: string;
  /** PORT: the HTTP port of the API (api, standalone). */
  port: number;
  /** HOST: the address the API port binds to. */
  host: string;
  healthPort: number;
  instanceId: string;
  /** AXIOM_DEFAULT_LISTENER_PORT: port of the listener the embedded mode creates on an empty database. */
  defaultListenerPort: number;
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
    maxAttempts: number;
    backoffBaseMs: number;
    backoffMaxMs: number;
    sweepIntervalMs: number;
    claimLeaseMs: number;
    destinationConcurrency: number;
    destinationQueue: number;
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
  retention: {
    quarantineMaxAgeDays: number;
    quarantineMaxBytes: number;
    incomingPartMaxAgeMinutes: number;
    intervalMs: number;
  };
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
  polling: {
    leaseMs: number;
    overlapSeconds: number;
    reconcileIntervalMs: number;
    requestTimeoutMs: number;
    backoffMaxMs: number;
  };
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

/** The Nest injection token of the AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
