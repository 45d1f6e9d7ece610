import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiClient,
  ApiUnderTest,
  Caller,
  Entity,
  OidcStandIn,
  concretePath,
  filesystemBackendBody,
  freePorts,
  listenerBody,
  operationsOf,
  ruleBody,
  rulesetBody,
  startApiUnderTest,
  validationPaths,
  waitFor,
} from '@axiom/testing';

jest.setTimeout(120_000);

/** The same scenarios on both ways of running the API: embedded (SQLite) and distributed (PostgreSQL). */
const TARGETS = [
  { app: 'standalone', label: 'standalone on SQLite' },
  { app: 'api', label: 'api on PostgreSQL' },
] as const;
const ADMIN_KEY = 'e2esec_0123456789abcdefABCDEF0123';
const SECRETS = {
  stowPassword: 'stow-Pa55-NEVER-SHOWN',
  stowKey: 'stow-KEY-NEVER-SHOWN',
  gcs: 'gcs-PK-NEVER-SHOWN',
  ghc: 'ghc-PK-NEVER-SHOWN',
  dicomweb: 'dweb-TOK-NEVER-SHOWN',
  badJson: 'badjson-NEVER-SHOWN',
  misplaced: 'misplaced-NEVER-SHOWN',
};
const PUBLIC_ROUTES = [
  'get /api/v1/auth/google/callback',
  'get /api/v1/auth/google/login',
  'get /api/v1/auth/providers',
  'get /api/v1/system/health',
  'post /api/v1/auth/google',
];
/** Writes a User may do: their own API keys, dry runs and STOW-RS. */
const USER_WRITES = new Set([
  'post /api/v1/apikeys',
  'put /api/v1/apikeys/{id}',
  'patch /api/v1/apikeys/{id}',
  'delete /api/v1/apikeys/{id}',
  'post /api/v1/rules-engine/process-json',
  'post /api/v1/rules-engine/process-file',
  // STOW-RS: sending instances is not configuration
  'post /api/v1/dicomweb/studies',
  'post /api/v1/dicomweb/studies/{study}',
]);
const UNKNOWN_ID = 999_999;
/** A password pasted without quotes into a JSON body (short: parser messages quote ~10 characters around an error). */
const UNQUOTED_PASSWORD = 'pw-NOSHOW';

describe.each(TARGETS)('API security through the real bootstrap: $label', (target) => {
  const oidc = new OidcStandIn();
  const admin: Caller = { apiKey: ADMIN_KEY, header: 'x-api-key' };
  const adminAuth: Caller = { apiKey: ADMIN_KEY, header: 'authorization' };
  let sut: ApiUnderTest;
  let http: ApiClient;
  let user: Caller;
  /** The API's port, and two ports only ever written into listener rows no process serves. */
  let ports: { api: number; spare: [number, number] };
  /** Credentials the test was given back or made up that must never reach a log line. */
  const issued: string[] = [];
  /** [entity_type, id, action] of every change made, checked against the audit log at the end. */
  const changes: [string, number, string][] = [];
  const track = <T extends Entity>(type: string, action: string, e: T): T => {
    changes.push([type, e.id, action]);
    return e;
  };

  beforeAll(async () => {
    const [port, healthPort, listenerPort, spareA, spareB] = (await freePorts(5)) as [
      number,
      number,
      number,
      number,
      number,
    ];
    ports = { api: port, spare: [spareA, spareB] };
    await oidc.start();
    sut = await startApiUnderTest({
      app: target.app,
      port,
      healthPort,
      listenerPort,
      adminApiKey: ADMIN_KEY,
      env: oidc.env({
        FIRST_SUPERUSER_EMAIL: 'boss@example.org',
        SIGN_IN_RATE_LIMIT_PER_MINUTE: '10000',
        LOG_LEVEL: 'debug',
      }),
    });
    http = new ApiClient(sut.base);
    const signedIn = await http.expect<{ access_token: string }>(200, 'POST', '/auth/google', null, {
      token: await oidc.idToken({ sub: 'g-reader', email: 'reader@example.org' }),
    });
    const key = await http.expect<{ full_key: string }>(
      201,
      'POST',
      '/apikeys',
      { bearer: signedIn.access_token },
      { name: 'reader key' },
    );
    user = { apiKey: key.full_key, header: 'authorization' };
    issued.push(signedIn.access_token, key.full_key);
  }, 90_000);

  afterAll(async () => {
    await sut?.stop();
    await oidc.stop();
  });

  describe('Google sign-in against the local OIDC stand-in', () => {
    it('a valid token signs in a new User whose bearer token authenticates; FIRST_SUPERUSER_EMAIL becomes Admin', async () => {
      const res = await http.call<{ access_token: string; token_type: string; user: Entity }>(
        'POST',
        '/auth/google',
        null,
        { token: await oidc.idToken({ sub: 'g-ana', email: 'ana@example.org' }) },
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        token_type: 'bearer',
        user: { email: 'ana@example.org', roles: [expect.objectContaining({ name: 'User' })] },
      });
      issued.push(res.body.access_token);
      const me = await http.expect(200, 'GET', '/users/me', { bearer: res.body.access_token });
      expect(me).toMatchObject({ id: res.body.user.id, email: 'ana@example.org' });
      track('user', 'sign_in', res.body.user);
      const boss = await http.expect<{ user: { roles: { name: string }[] } }>(200, 'POST', '/auth/google', null, {
        token: await oidc.idToken({ sub: 'g-boss', email: 'boss@example.org' }),
      });
      expect(boss.user.roles.map((r) => r.name).sort()).toEqual(['Admin', 'User']);
    });

    it.each([
      [
        'wrong audience',
        'b@example.org',
        () => oidc.idToken({ sub: 'g-2', email: 'b@example.org', aud: 'someone-else.apps.googleusercontent.com' }),
      ],
      ['wrong signature', 'c@example.org', () => oidc.forgedIdToken({ sub: 'g-3', email: 'c@example.org' })],
      [
        'unverified email',
        'd@example.org',
        () => oidc.idToken({ sub: 'g-4', email: 'd@example.org', email_verified: false }),
      ],
    ])('401 for a token with a %s, and no user is created', async (_case, email, make) => {
      const res = await http.call('POST', '/auth/google', null, { token: await make() });
      expect({ status: res.status, code: (res.body as { code?: string }).code }).toEqual({
        status: 401,
        code: 'unauthorized',
      });
      const users = await http.expect<{ email: string }[]>(200, 'GET', '/users', admin);
      expect(users.map((u) => u.email)).not.toContain(email);
    });
  });

  it('route inventory over /api/v1/openapi.json: 401 without identity, 403 for a User where the role may not', async () => {
    const doc = await http.expect<{ paths: Record<string, Record<string, unknown>> }>(
      200,
      'GET',
      '/openapi.json',
      null,
    );
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(50);
    expect(
      ops
        .filter((o) => o.isPublic)
        .map((o) => `${o.method} ${o.path}`)
        .sort(),
    ).toEqual(PUBLIC_ROUTES);
    const wrong: string[] = [];
    for (const op of ops.filter((o) => !o.isPublic)) {
      const key = `${op.method} ${op.path}`;
      const url = concretePath(op.path).replace(/^\/api\/v1/, '');
      if (op.roles === null) wrong.push(`${key} names no roles`);
      const body = op.method === 'get' ? undefined : {};
      const anonymous = await http.call(op.method.toUpperCase(), url, null, body);
      if (anonymous.status !== 401) wrong.push(`${key} anonymous -> ${anonymous.status}`);
      const userMayWrite = USER_WRITES.has(key);
      if (op.method !== 'get' && !userMayWrite && op.roles?.includes('User')) wrong.push(`${key} lets a User write`);
      const asUser = await http.call(op.method.toUpperCase(), url, user, body);
      const shouldRefuse = op.method === 'get' ? !op.roles?.includes('User') : !userMayWrite;
      if ((asUser.status === 403) !== shouldRefuse || asUser.status === 401)
        wrong.push(`${key} as User -> ${asUser.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('API key lifecycle: create -> use (both headers) -> revoke -> 401; expired -> 401', async () => {
    const created = await http.call<Entity & { full_key: string; prefix: string }>('POST', '/apikeys', user, {
      name: 'script',
    });
    expect(created.status).toBe(201);
    const full = created.body.full_key;
    issued.push(full);
    expect(full.startsWith(`${created.body.prefix}_`)).toBe(true);
    track('api_key', 'create', created.body);
    for (const header of ['authorization', 'x-api-key'] as const) {
      expect(await http.expect(200, 'GET', '/users/me', { apiKey: full, header })).toMatchObject({
        email: 'reader@example.org',
      });
    }
    const listed = await http.call<Entity[]>('GET', '/apikeys', user);
    expect(listed.text).not.toContain(full.slice(full.indexOf('_') + 1));
    expect(listed.body.find((k) => k.id === created.body.id)).not.toHaveProperty('full_key');
    await http.expect(204, 'DELETE', `/apikeys/${created.body.id}`, user);
    track('api_key', 'revoke', created.body);
    for (const header of ['authorization', 'x-api-key'] as const) {
      expect((await http.call('GET', '/users/me', { apiKey: full, header })).status).toBe(401);
    }

    const shortLived = await http.expect<Entity & { full_key: string }>(201, 'POST', '/apikeys', user, {
      name: 'short',
      expires_at: new Date(Date.now() + 1500).toISOString(),
    });
    issued.push(shortLived.full_key);
    await http.expect(200, 'GET', '/users/me', { apiKey: shortLived.full_key });
    await waitFor(
      'the key to expire',
      async () =>
        (await http.call('GET', '/users/me', { apiKey: shortLived.full_key, header: 'x-api-key' })).status === 401,
      10_000,
      250,
    );
    const patched = await http.expect<Entity & { full_key: string }>(201, 'POST', '/apikeys', user, {
      name: 'patched',
    });
    await http.expect(200, 'PATCH', `/apikeys/${patched.id}`, user, {
      expires_at: new Date(Date.now() - 1000).toISOString(),
    });
    track('api_key', 'update', patched);
    expect((await http.call('GET', '/users/me', { apiKey: patched.full_key })).status).toBe(401);
    expect(validationPaths(await http.call('POST', '/apikeys', user, { name: 'x', expires_at: 'tomorrow' }))).toContain(
      'expires_at',
    );
    expect((await http.call('GET', '/users/me', { apiKey: 'nope1234_0123456789abcdef0123' })).status).toBe(401);
  });

  it('storage backends of every type: 201 with credentials write-only, 422 naming the field, 409 on a taken name', async () => {
    const sa = (key: string) => JSON.stringify({ type: 'service_account', private_key: key });
    const cases: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
      ['filesystem', { path: join(tmpdir(), 'axiom-e2e-security-out') }, {}, 'path'],
      [
        'cstore',
        { remote_ae_title: 'PACS', remote_host: '127.0.0.1', remote_port: 104 },
        { remote_ae_title: 'PACS', remote_host: 'h', remote_port: 70000 },
        'remote_port',
      ],
      [
        'gcs',
        { bucket: 'b', service_account_json: sa(SECRETS.gcs) },
        { bucket: 'b', service_account_json: `not json ${SECRETS.badJson}` },
        'service_account_json',
      ],
      [
        'google_healthcare',
        {
          gcp_project_id: 'p',
          gcp_location: 'eu',
          gcp_dataset_id: 'd',
          gcp_dicom_store_id: 's',
          service_account_json: sa(SECRETS.ghc),
        },
        { gcp_project_id: 'p', gcp_location: 'eu', gcp_dataset_id: 'd' },
        'gcp_dicom_store_id',
      ],
      [
        'stow_rs',
        {
          base_url: 'https://pacs.example.org/dicom-web',
          auth_type: 'basic',
          auth_config: { username: 'router', password: SECRETS.stowPassword },
        },
        {
          base_url: 'https://x/dicom-web',
          auth_type: 'basic',
          auth_config: { username: 'u', token: SECRETS.misplaced },
        },
        'auth_config.password',
      ],
    ];
    for (const [type, good, bad, field] of cases) {
      const created = await http.call('POST', '/config/storage-backends', admin, {
        name: `e2e-${type}`,
        backend_type: type,
        ...good,
      });
      expect({ type, status: created.status }).toEqual({ type, status: 201 });
      expect(created.body).toMatchObject({ name: `e2e-${type}`, backend_type: type, is_enabled: true });
      track('storage_backend', 'create', created.body);
      expect({
        type,
        paths: validationPaths(
          await http.call('POST', '/config/storage-backends', admin, {
            name: `bad-${type}`,
            backend_type: type,
            ...bad,
          }),
        ),
      }).toEqual({ type, paths: expect.arrayContaining([field]) });
    }
    const stow = (await http.call<Entity[]>('GET', '/config/storage-backends', adminAuth)).body.find(
      (b) => b.name === 'e2e-stow_rs',
    ) as Entity;
    expect(stow).toMatchObject({ auth_type: 'basic', auth_config_set: true });
    const patched = await http.expect(200, 'PATCH', `/config/storage-backends/${stow.id}`, admin, {
      auth_type: 'apikey',
      auth_config: { header_name: 'X-Key', key: SECRETS.stowKey },
    });
    expect(patched).toMatchObject({ auth_type: 'apikey', auth_config_set: true });
    track('storage_backend', 'update', stow);
    expect(
      (
        await http.call('POST', '/config/storage-backends', admin, {
          name: 'e2e-cstore',
          backend_type: 'filesystem',
          path: 'x',
        })
      ).body,
    ).toMatchObject({ code: 'name_conflict' });
    expect(
      validationPaths(await http.call('POST', '/config/storage-backends', admin, { name: 'x', backend_type: 'ftp' })),
    ).toContain('backend_type');
  });

  it('rulesets and rules: happy path, 422 naming the path, 409 on a taken name and on deleting a referenced storage backend', async () => {
    const dest = track(
      'storage_backend',
      'create',
      await http.expect(
        201,
        'POST',
        '/config/storage-backends',
        admin,
        filesystemBackendBody(join(tmpdir(), 'axiom-e2e-rule-dest'), { name: 'rule-dest' }),
      ),
    );
    const rs = track(
      'ruleset',
      'create',
      await http.expect(201, 'POST', '/rules-engine/rulesets', admin, rulesetBody({ name: 'e2e-ct' })),
    );
    expect(rs).toMatchObject({ is_active: true, priority: 0, execution_mode: 'ALL_MATCHES', rules: [] });
    expect((await http.call('POST', '/rules-engine/rulesets', admin, { name: 'e2e-ct' })).status).toBe(409);
    expect(
      validationPaths(await http.call('POST', '/rules-engine/rulesets', admin, { name: 'm', execution_mode: 'SOME' })),
    ).toContain('execution_mode');
    track(
      'ruleset',
      'update',
      await http.expect(200, 'PATCH', `/rules-engine/rulesets/${rs.id}`, admin, { priority: 5 }),
    );

    const rule = track(
      'rule',
      'create',
      await http.expect(
        201,
        'POST',
        '/rules-engine/rules',
        admin,
        ruleBody(rs.id, [dest.id], {
          name: 'ct to disk',
          match_criteria: [{ tag: 'Modality', op: 'eq', value: 'CT' }],
          tag_modifications: [{ action: 'set', tag: 'InstitutionName', value: 'E2E' }],
        }),
      ),
    );
    expect(rule.destinations).toEqual([expect.objectContaining({ id: dest.id, name: 'rule-dest' })]);
    expect((await http.expect(200, 'GET', `/rules-engine/rulesets/${rs.id}`, user)).rules).toEqual([
      expect.objectContaining({ id: rule.id }),
    ]);
    expect(
      validationPaths(
        await http.call('POST', '/rules-engine/rules', admin, {
          ruleset_id: rs.id,
          name: 'r',
          match_criteria: [{ tag: 'Modality', op: 'almost', value: 'CT' }],
        }),
      ),
    ).toContain('match_criteria[0].op');
    expect(
      validationPaths(
        await http.call('POST', '/rules-engine/rules', admin, {
          ruleset_id: rs.id,
          name: 'r',
          destination_ids: [UNKNOWN_ID],
        }),
      ),
    ).toContain('destination_ids[0]');
    const inUse = await http.call('DELETE', `/config/storage-backends/${dest.id}`, admin);
    expect({ status: inUse.status, detail: (inUse.body as { detail?: string }).detail }).toEqual({
      status: 409,
      detail: expect.stringContaining('ct to disk'),
    });
    track(
      'rule',
      'update',
      await http.expect(200, 'PATCH', `/rules-engine/rules/${rule.id}`, admin, { is_active: false }),
    );
    await http.expect(204, 'DELETE', `/rules-engine/rules/${rule.id}`, admin);
    track('rule', 'delete', rule);
    await http.expect(204, 'DELETE', `/config/storage-backends/${dest.id}`, admin);
    track('storage_backend', 'delete', dest);
    await http.expect(204, 'DELETE', `/rules-engine/rulesets/${rs.id}`, admin);
    track('ruleset', 'delete', rs);
  });

  it('input sources: listeners, DICOMweb and DIMSE Q/R sources with happy paths, 422s and 409s', async () => {
    // not served by any process (instance_id), so nothing binds the port
    const listener = listenerBody(ports.spare[0], {
      name: 'e2e-listener',
      ae_title: 'AXIOM_E2E',
      instance_id: 'e2e-nobody',
      is_enabled: false,
    });
    const l = track(
      'dimse_listener',
      'create',
      await http.expect(201, 'POST', '/config/dimse-listeners', admin, listener),
    );
    expect(l).toMatchObject({ ae_title: 'AXIOM_E2E', tls_enabled: false });
    expect(
      validationPaths(
        await http.call('POST', '/config/dimse-listeners', admin, { ...listener, name: 'l2', ae_title: 'BAD/AE' }),
      ),
    ).toContain('ae_title');
    expect(
      (
        await http.call('POST', '/config/dimse-listeners', admin, {
          ...listener,
          ae_title: 'OTHER',
          port: ports.spare[1],
        })
      ).status,
    ).toBe(409);
    track(
      'dimse_listener',
      'update',
      await http.expect(200, 'PATCH', `/config/dimse-listeners/${l.id}`, admin, { description: 'kept off' }),
    );

    const web = {
      name: 'e2e-web',
      base_url: 'https://archive.example.org/dicom-web',
      auth_type: 'bearer',
      auth_config: { token: SECRETS.dicomweb },
      is_enabled: false,
      is_active: false,
    };
    const w = track(
      'dicomweb_source',
      'create',
      await http.expect(201, 'POST', '/config/dicomweb-sources', admin, web),
    );
    expect(w).toMatchObject({
      qido_prefix: 'qido-rs',
      wado_prefix: 'wado-rs',
      polling_interval_seconds: 300,
      auth_config_set: true,
      found_instance_count: 0,
    });
    expect(
      validationPaths(
        await http.call('POST', '/config/dicomweb-sources', admin, { ...web, name: 'w2', base_url: 'ftp://x' }),
      ),
    ).toContain('base_url');
    expect(
      validationPaths(
        await http.call('POST', '/config/dicomweb-sources', admin, {
          ...web,
          name: 'w3',
          auth_type: 'basic',
          auth_config: { token: SECRETS.misplaced },
        }),
      ),
    ).toContain('auth_config.username');
    expect((await http.call('POST', '/config/dicomweb-sources', admin, web)).status).toBe(409);

    const qr = {
      name: 'e2e-qr',
      remote_ae_title: 'OLDPACS',
      remote_host: '127.0.0.1',
      remote_port: 104,
      move_destination_ae_title: 'AXIOM_E2E',
      is_enabled: false,
      is_active: false,
    };
    const q = track('dimse_qr_source', 'create', await http.expect(201, 'POST', '/config/dimse-qr-sources', admin, qr));
    expect(q).toMatchObject({ local_ae_title: 'AXIOM_QR_SCU', query_level: 'STUDY', found_study_count: 0 });
    expect(
      validationPaths(
        await http.call('POST', '/config/dimse-qr-sources', admin, { ...qr, name: 'q2', query_level: 'IMAGE' }),
      ),
    ).toContain('query_level');
    expect(
      (
        await http.call('POST', '/config/dimse-qr-sources', admin, {
          ...qr,
          name: 'q3',
          move_destination_ae_title: 'NOBODY',
        })
      ).status,
    ).toBe(422);
    expect((await http.call('DELETE', `/config/dimse-listeners/${l.id}`, admin)).status).toBe(409);
    for (const [type, path, e] of [
      ['dimse_qr_source', 'dimse-qr-sources', q],
      ['dicomweb_source', 'dicomweb-sources', w],
      ['dimse_listener', 'dimse-listeners', l],
    ] as const) {
      await http.expect(204, 'DELETE', `/config/${path}/${e.id}`, admin);
      track(type, 'delete', e);
    }
  });

  it('404 for an unknown id on every resource; 403 for a User write', async () => {
    for (const path of [
      '/config/storage-backends',
      '/config/dimse-listeners',
      '/config/dicomweb-sources',
      '/config/dimse-qr-sources',
      '/rules-engine/rulesets',
      '/rules-engine/rules',
      '/apikeys',
      '/users',
    ]) {
      expect({ path, status: (await http.call('GET', `${path}/${UNKNOWN_ID}`, admin)).status }).toEqual({
        path,
        status: 404,
      });
    }
    expect(
      (await http.call('PATCH', `/config/storage-backends/${UNKNOWN_ID}`, admin, { description: 'x' })).status,
    ).toBe(404);
    expect(
      (
        await http.call('POST', '/config/storage-backends', user, {
          name: 'nope',
          backend_type: 'filesystem',
          path: 'x',
        })
      ).status,
    ).toBe(403);
  });

  it('every change left an audit row naming its actor', async () => {
    const missing: string[] = [];
    for (const [type, id, action] of changes) {
      const rows = await http.expect<{ action: string; actor: string }[]>(
        200,
        'GET',
        `/audit?entity_type=${type}&entity_id=${id}`,
        admin,
      );
      if (!rows.some((r) => r.action === action && r.actor !== '')) missing.push(`${action} ${type} ${id}`);
    }
    expect(missing).toEqual([]);
    expect(changes.length).toBeGreaterThan(20);
    expect((await http.call('GET', '/audit', user)).status).toBe(403);
  });

  it('bodies over the JSON limit get 413 and bodies nested thousands deep 422, not 500; no X-Powered-By', async () => {
    const post = (body: string) =>
      fetch(`${sut.base}/rules-engine/rulesets`, {
        method: 'POST',
        headers: { 'X-API-Key': ADMIN_KEY, 'Content-Type': 'application/json' },
        body,
      });
    const big = await post(JSON.stringify({ name: 'x'.repeat(200_000) }));
    expect({
      status: big.status,
      code: ((await big.json()) as { code?: string }).code,
      poweredBy: big.headers.get('x-powered-by'),
    }).toEqual({ status: 413, code: 'payload_too_large', poweredBy: null });
    const deep = await post(`{"name": "deep", "description": ${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expect({ status: deep.status, code: ((await deep.json()) as { code?: string }).code }).toEqual({
      status: 422,
      code: 'validation_failed',
    });
  });

  // Known bug: the 400 for a malformed JSON body carries the parser's message, which quotes the body
  // around the error, so a credential typed without quotes comes back. Fails the day it is fixed.
  it('a malformed JSON body does not echo the credential in it', async () => {
    const body = `{"name": "broken", "backend_type": "stow_rs", "base_url": "https://x", "auth_type": "basic", "auth_config": {"username": "u", "password": ${UNQUOTED_PASSWORD}}}`;
    const res = await http.send('POST', '/config/storage-backends', admin, body);
    expect({ status: res.status, echoed: res.text.includes(UNQUOTED_PASSWORD) }).toEqual({
      status: 400,
      echoed: false,
    });
  });

  it('no credential sent appears in any response body, nor in the process log', async () => {
    await http.expect(200, 'GET', '/audit?limit=1000', admin);
    await http.expect(200, 'GET', '/config/dicomweb-sources', admin);
    const responses = http.transcript.filter((t) => !t.includes(UNQUOTED_PASSWORD)).join('\n');
    for (const s of Object.values(SECRETS))
      expect({ secret: s, inResponses: responses.includes(s) }).toEqual({ secret: s, inResponses: false });
    await sut.proc.stop();
    const log = sut.log();
    expect(log).toContain(`port ${ports.api}`);
    for (const s of [...Object.values(SECRETS), UNQUOTED_PASSWORD, ADMIN_KEY.split('_')[1] as string, ...issued]) {
      expect({ secret: s.slice(0, 12), inLog: log.includes(s) }).toEqual({ secret: s.slice(0, 12), inLog: false });
    }
  });
});
