import { ApiClient, ApiUnderTest, Caller, Entity, OidcStandIn, freePorts, startApiUnderTest } from '@axiom/testing';

/** The same scenarios on both ways of running the API: embedded (SQLite) and distributed (PostgreSQL). */
export const TARGETS = [
  { app: 'standalone', label: 'standalone on SQLite' },
  { app: 'api', label: 'api on PostgreSQL' },
] as const;
export type SecurityTarget = (typeof TARGETS)[number];

export const ADMIN_KEY = 'e2esec_0123456789abcdefABCDEF0123';
/** Credentials the suites send in configuration bodies: none may ever come back or reach a log line. */
export const SECRETS = {
  stowPassword: 'stow-Pa55-NEVER-SHOWN',
  stowKey: 'stow-KEY-NEVER-SHOWN',
  gcs: 'gcs-PK-NEVER-SHOWN',
  ghc: 'ghc-PK-NEVER-SHOWN',
  dicomweb: 'dweb-TOK-NEVER-SHOWN',
  badJson: 'badjson-NEVER-SHOWN',
  misplaced: 'misplaced-NEVER-SHOWN',
};
export const UNKNOWN_ID = 999_999;
/** A password pasted without quotes into a JSON body (short: parser messages quote ~10 characters around an error). */
export const UNQUOTED_PASSWORD = 'pw-NOSHOW';

/**
 * One API under test with its callers, and what the tests were given and changed. `sut`, `http`,
 * `user` and `ports` are set by the suite's `beforeAll`: read them inside tests only.
 */
export interface SecuritySuite {
  readonly oidc: OidcStandIn;
  readonly admin: Caller;
  /** The admin key in the Authorization header. */
  readonly adminAuth: Caller;
  sut: ApiUnderTest;
  http: ApiClient;
  /** A signed-in User (role User only), by their API key. */
  user: Caller;
  /** The API's port, and two ports only ever written into listener rows no process serves. */
  ports: { api: number; spare: [number, number] };
  /** Credentials the test was given back or made up that must never reach a log line. */
  readonly issued: string[];
  /** [entity_type, id, action] of every change made, checked against the audit log at the end. */
  readonly changes: [string, number, string][];
  /** Records a change for the audit check; returns the entity. */
  track<T extends Entity>(type: string, action: string, e: T): T;
}

/**
 * Registers the `beforeAll`/`afterAll` of a security suite: the OIDC stand-in, the API started
 * through its real bootstrap (debug logging, FIRST_SUPERUSER_EMAIL boss@example.org), and a User
 * "reader@example.org" signed in with an API key of their own.
 */
export function useSecuritySuite(target: SecurityTarget): SecuritySuite {
  const changes: [string, number, string][] = [];
  const s = {
    oidc: new OidcStandIn(),
    admin: { apiKey: ADMIN_KEY, header: 'x-api-key' },
    adminAuth: { apiKey: ADMIN_KEY, header: 'authorization' },
    issued: [] as string[],
    changes,
    track: <T extends Entity>(type: string, action: string, e: T): T => {
      changes.push([type, e.id, action]);
      return e;
    },
  } as SecuritySuite;

  beforeAll(async () => {
    const [port, healthPort, listenerPort, spareA, spareB] = (await freePorts(5)) as [
      number,
      number,
      number,
      number,
      number,
    ];
    s.ports = { api: port, spare: [spareA, spareB] };
    await s.oidc.start();
    s.sut = await startApiUnderTest({
      app: target.app,
      port,
      healthPort,
      listenerPort,
      adminApiKey: ADMIN_KEY,
      env: s.oidc.env({
        FIRST_SUPERUSER_EMAIL: 'boss@example.org',
        SIGN_IN_RATE_LIMIT_PER_MINUTE: '10000',
        LOG_LEVEL: 'debug',
      }),
    });
    s.http = new ApiClient(s.sut.base);
    const signedIn = await s.http.expect<{ access_token: string }>(200, 'POST', '/auth/google', null, {
      token: await s.oidc.idToken({ sub: 'g-reader', email: 'reader@example.org' }),
    });
    const key = await s.http.expect<{ full_key: string }>(
      201,
      'POST',
      '/apikeys',
      { bearer: signedIn.access_token },
      { name: 'reader key' },
    );
    s.user = { apiKey: key.full_key, header: 'authorization' };
    s.issued.push(signedIn.access_token, key.full_key);
  }, 90_000);

  afterAll(async () => {
    await s.sut?.stop();
    await s.oidc.stop();
  });

  return s;
}

/**
 * Every tracked change has an audit row with its action and a non-empty actor, at least
 * `minChanges` were tracked (the check is not vacuous), and a User may not read the audit log.
 */
export async function expectEveryChangeAudited(s: SecuritySuite, minChanges: number): Promise<void> {
  const missing: string[] = [];
  for (const [type, id, action] of s.changes) {
    const rows = await s.http.expect<{ action: string; actor: string }[]>(
      200,
      'GET',
      `/audit?entity_type=${type}&entity_id=${id}`,
      s.admin,
    );
    if (!rows.some((r) => r.action === action && r.actor !== '')) missing.push(`${action} ${type} ${id}`);
  }
  expect(missing).toEqual([]);
  expect(s.changes.length).toBeGreaterThanOrEqual(minChanges);
  expect((await s.http.call('GET', '/audit', s.user)).status).toBe(403);
}

/**
 * No credential in SECRETS came back in any response (but the 400 of a body carrying
 * UNQUOTED_PASSWORD, checked on its own); then stops the API, and no credential sent or issued
 * is in its log.
 */
export async function expectNoCredentialLeaked(s: SecuritySuite): Promise<void> {
  await s.http.expect(200, 'GET', '/audit?limit=1000', s.admin);
  await s.http.expect(200, 'GET', '/config/dicomweb-sources', s.admin);
  const responses = s.http.transcript.filter((t) => !t.includes(UNQUOTED_PASSWORD)).join('\n');
  for (const secret of Object.values(SECRETS))
    expect({ secret, inResponses: responses.includes(secret) }).toEqual({ secret, inResponses: false });
  await s.sut.proc.stop();
  const log = s.sut.log();
  expect(log).toContain(`port ${s.ports.api}`);
  for (const secret of [...Object.values(SECRETS), UNQUOTED_PASSWORD, ADMIN_KEY.split('_')[1] as string, ...s.issued]) {
    expect({ secret: secret.slice(0, 12), inLog: log.includes(secret) }).toEqual({
      secret: secret.slice(0, 12),
      inLog: false,
    });
  }
}
