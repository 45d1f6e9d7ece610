import { SignJWT } from 'jose';
import { AccessTokenService, KEY_MATERIAL, type KeyMaterial } from '@axiom/auth';
import { RoleName } from '@axiom/domain';
import { createTestApp, type Dialect, type TestApp } from './test-app';

type Req = ReturnType<ReturnType<TestApp['http']>['get']>;

/** API keys, access tokens, users and roles, and the audit trail through HTTP on one dialect. */
export function accessScenarios(dialect: Dialect): void {
  let t: TestApp;
  let userKey: string;
  const admin = (r: Req): Req => r.set('X-API-Key', t.adminKey);
  const user = (r: Req): Req => r.set('Authorization', `Api-Key ${userKey}`);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    userKey = await t.keyFor('reader@example.org', [RoleName.User]);
  }, 60_000);
  afterAll(async () => t?.close());

  it('API key lifecycle: create -> use -> revoke -> 401; expired -> 401; shown once', async () => {
    const created = await user(t.http().post('/api/v1/apikeys')).send({ name: 'script' }).expect(201);
    const full: string = created.body.full_key;
    expect(full).toMatch(new RegExp(`^${created.body.prefix}_[A-Za-z0-9]{40}$`));
    expect(created.body).toMatchObject({ name: 'script', is_active: true, expires_at: null });
    await t
      .http()
      .get('/api/v1/users/me')
      .set('X-API-Key', full)
      .expect(200)
      .expect((r) => expect(r.body.email).toBe('reader@example.org'));
    const listed = await user(t.http().get('/api/v1/apikeys')).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(full.split('_')[1]);
    expect(listed.body.find((k: { id: number }) => k.id === created.body.id)).not.toHaveProperty('full_key');
    const used = await user(t.http().get(`/api/v1/apikeys/${created.body.id}`)).expect(200);
    expect(used.body.last_used_at).not.toBeNull();
    await user(t.http().delete(`/api/v1/apikeys/${created.body.id}`)).expect(204);
    await t.http().get('/api/v1/users/me').set('X-API-Key', full).expect(401);

    const second = await user(t.http().post('/api/v1/apikeys'))
      .send({ name: 'short-lived', expires_at: new Date(Date.now() + 3_600_000).toISOString() })
      .expect(201);
    await t.http().get('/api/v1/users/me').set('X-API-Key', second.body.full_key).expect(200);
    await user(t.http().patch(`/api/v1/apikeys/${second.body.id}`))
      .send({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .expect(200);
    await t.http().get('/api/v1/users/me').set('X-API-Key', second.body.full_key).expect(401);
    await user(t.http().post('/api/v1/apikeys')).send({ name: 'x', expires_at: 'tomorrow' }).expect(422);
    await user(t.http().post('/api/v1/apikeys')).send({}).expect(422);
  });

  it('revocation is final and an expiry only comes closer: no key outlives what its owner once set', async () => {
    const soon = Date.now() + 3_600_000;
    const key = await user(t.http().post('/api/v1/apikeys'))
      .send({ name: 'narrowing', expires_at: new Date(soon).toISOString() })
      .expect(201);
    const path = `/api/v1/apikeys/${key.body.id}`;
    const cleared = await user(t.http().patch(path)).send({ expires_at: null }).expect(422);
    expect(cleared.body.errors).toEqual([expect.objectContaining({ path: 'expires_at' })]);
    await user(t.http().patch(path))
      .send({ expires_at: new Date(soon + 86_400_000).toISOString() })
      .expect(422);
    const shorter = await user(t.http().patch(path))
      .send({ expires_at: new Date(soon - 60_000).toISOString() })
      .expect(200);
    expect(Date.parse(shorter.body.expires_at)).toBe(soon - 60_000);
    await user(t.http().delete(path)).expect(204);
    for (const revive of [t.http().patch(path), t.http().put(path)]) {
      const res = await user(revive).send({ is_active: true }).expect(422);
      expect(res.body).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: 'is_active', message: expect.stringContaining('revoked') }],
      });
    }
    await admin(t.http().patch(path)).send({ is_active: true }).expect(422); // not even an Admin
    await t.http().get('/api/v1/users/me').set('X-API-Key', key.body.full_key).expect(401);
    const never = await user(t.http().post('/api/v1/apikeys')).send({ name: 'gets-an-expiry' }).expect(201);
    await user(t.http().patch(`/api/v1/apikeys/${never.body.id}`))
      .send({ expires_at: new Date(soon).toISOString() })
      .expect(200);
    const past = await user(t.http().post('/api/v1/apikeys'))
      .send({ name: 'born-dead', expires_at: new Date(Date.now() - 1000).toISOString() })
      .expect(422);
    expect(past.body.errors).toEqual([expect.objectContaining({ path: 'expires_at' })]);
  });

  it('an access token without exp (which would never expire) is refused', async () => {
    const me = await user(t.http().get('/api/v1/users/me')).expect(200);
    const issued = await t.app.get(AccessTokenService).issue({ id: me.body.id, email: me.body.email });
    await t.http().get('/api/v1/users/me').set('Authorization', `Bearer ${issued}`).expect(200);
    const { tokenKey } = t.app.get<KeyMaterial>(KEY_MATERIAL);
    const forever = await new SignJWT({ email: me.body.email })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(me.body.id))
      .setIssuer('axiom-flow')
      .setIssuedAt()
      .sign(tokenKey);
    await t.http().get('/api/v1/users/me').set('Authorization', `Bearer ${forever}`).expect(401);
  });

  it('a User manages only their own keys; an Admin sees all', async () => {
    const adminKeys = await admin(t.http().get('/api/v1/apikeys')).expect(200);
    const adminOwn = adminKeys.body.find((k: { name: string }) => k.name === 'first admin');
    await user(t.http().get(`/api/v1/apikeys/${adminOwn.id}`)).expect(404);
    await user(t.http().patch(`/api/v1/apikeys/${adminOwn.id}`))
      .send({ is_active: false })
      .expect(404);
    await user(t.http().delete(`/api/v1/apikeys/${adminOwn.id}`)).expect(404);
    const mine = await user(t.http().get('/api/v1/apikeys')).expect(200);
    expect(mine.body.every((k: { user_id: number }) => k.user_id !== adminOwn.user_id)).toBe(true);
  });

  it('users and roles: me, list, assign, remove; no User may change them; the last Admin stays', async () => {
    const me = await admin(t.http().get('/api/v1/users/me')).expect(200);
    expect(me.body).toMatchObject({
      email: 'admin@localhost',
      is_active: true,
      roles: [expect.objectContaining({ name: 'Admin' })],
    });
    const roles = await user(t.http().get('/api/v1/roles')).expect(200);
    const adminRole = roles.body.find((r: { name: string }) => r.name === 'Admin');
    expect(roles.body.map((r: { name: string }) => r.name).sort()).toEqual(['Admin', 'User']);
    await user(t.http().get('/api/v1/users')).expect(403);
    const created = await admin(t.http().post('/api/v1/users'))
      .send({ email: 'Ana@Example.org', full_name: 'Ana' })
      .expect(201);
    expect(created.body).toMatchObject({
      email: 'ana@example.org',
      roles: [expect.objectContaining({ name: 'User' })],
    });
    await admin(t.http().post('/api/v1/users')).send({ email: 'ana@example.org' }).expect(409);
    await admin(t.http().post('/api/v1/users')).send({ email: 'not-an-email' }).expect(422);
    await user(t.http().post(`/api/v1/users/${created.body.id}/roles`))
      .send({ role_id: adminRole.id })
      .expect(403);
    const promoted = await admin(t.http().post(`/api/v1/users/${created.body.id}/roles`))
      .send({ role_id: adminRole.id })
      .expect(201);
    expect(promoted.body.roles.map((r: { name: string }) => r.name)).toContain('Admin');
    await admin(t.http().post(`/api/v1/users/${created.body.id}/roles`))
      .send({ role_id: 999 })
      .expect(422);
    const demoted = await admin(t.http().delete(`/api/v1/users/${created.body.id}/roles/${adminRole.id}`)).expect(200);
    expect(demoted.body.roles.map((r: { name: string }) => r.name)).not.toContain('Admin');
    const last = await admin(t.http().delete(`/api/v1/users/${me.body.id}/roles/${adminRole.id}`)).expect(409);
    expect(last.body.detail).toContain('last active Admin');
    await admin(t.http().patch(`/api/v1/users/${created.body.id}`))
      .send({ is_active: false })
      .expect(200);
    await admin(t.http().get('/api/v1/users/424242')).expect(404);
  });

  it('every change leaves an audit row with who, what, before/after and masked secrets', async () => {
    const created = await admin(t.http().post('/api/v1/config/storage-backends'))
      .send({
        name: 'audited',
        backend_type: 'gcs',
        bucket: 'b',
        service_account_json: '{"private_key":"PK-SECRET-9"}',
      })
      .expect(201);
    expect(created.body.service_account_json_set).toBe(true);
    await admin(t.http().patch(`/api/v1/config/storage-backends/${created.body.id}`))
      .send({ prefix: 'in/' })
      .expect(200);
    await admin(t.http().delete(`/api/v1/config/storage-backends/${created.body.id}`)).expect(204);
    const rows = await admin(
      t.http().get(`/api/v1/audit?entity_type=storage_backend&entity_id=${created.body.id}`),
    ).expect(200);
    expect(rows.body.map((r: { action: string }) => r.action)).toEqual(['delete', 'update', 'create']);
    expect(rows.body[1]).toMatchObject({
      actor: 'admin@localhost',
      before: expect.objectContaining({ prefix: null }),
      after: expect.objectContaining({ prefix: 'in/' }),
    });
    expect(JSON.stringify(rows.body)).not.toContain('PK-SECRET-9');
    await user(t.http().get('/api/v1/audit')).expect(403);
    await admin(t.http().get('/api/v1/audit?action=explode')).expect(422);
    const keyRows = await admin(t.http().get('/api/v1/audit?entity_type=api_key&action=revoke')).expect(200);
    expect(keyRows.body.length).toBeGreaterThan(0);

    // a time window: since inclusive, until exclusive, alone or together (as the query documents)
    type Row = { id: number; created_at: string };
    const all = rows.body as Row[];
    const window = async (query: string): Promise<number[]> =>
      (
        await admin(
          t.http().get(`/api/v1/audit?entity_type=storage_backend&entity_id=${created.body.id}&${query}`),
        ).expect(200)
      ).body.map((r: Row) => r.id);
    const at = (r: Row) => new Date(r.created_at).getTime();
    const [deleted, , create] = all as [Row, Row, Row];
    const inWindow = (since: number | null, until: number | null) =>
      all.filter((r) => (since === null || at(r) >= since) && (until === null || at(r) < until)).map((r) => r.id);
    const iso = (r: Row) => encodeURIComponent(new Date(at(r)).toISOString());
    expect(await window(`since=${iso(create)}&until=${iso(deleted)}`)).toEqual(inWindow(at(create), at(deleted)));
    expect(await window(`until=${iso(deleted)}`)).toEqual(inWindow(null, at(deleted)));
    expect(await window(`since=${iso(deleted)}`)).toEqual(inWindow(at(deleted), null));
    expect(await window(`since=${iso(deleted)}&until=${iso(deleted)}`)).toEqual([]); // empty: until is exclusive
  });
}
