import { Entity, concretePath, operationsOf, validationPaths, waitFor } from '@axiom/testing';
import {
  TARGETS,
  UNKNOWN_ID,
  expectEveryChangeAudited,
  expectNoCredentialLeaked,
  useSecuritySuite,
} from './support/api-security';

jest.setTimeout(120_000);

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

describe.each(TARGETS)('API security through the real bootstrap, sign-in, roles and API keys: $label', (target) => {
  const s = useSecuritySuite(target);
  const { oidc, admin, issued, track } = s;

  describe('Google sign-in against the local OIDC stand-in', () => {
    it('a valid token signs in a new User whose bearer token authenticates; FIRST_SUPERUSER_EMAIL becomes Admin', async () => {
      const { http } = s;
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
      const { http } = s;
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
    const { http, user } = s;
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
    const { http, user } = s;
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

  it('404 for an unknown id on every resource; 403 for a User write', async () => {
    const { http, user } = s;
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

  it('every change left an audit row naming its actor', () => expectEveryChangeAudited(s, 4));

  it('no credential sent appears in any response body, nor in the process log', () => expectNoCredentialLeaked(s));
});
