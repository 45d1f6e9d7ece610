import { RoleName } from '@axiom/domain';
import { createTestApp, type Dialect, type TestApp } from './test-app';

/** A C-STORE destination body with every required field, for tests to vary. */
export const CSTORE = {
  name: 'pacs',
  backend_type: 'cstore',
  remote_ae_title: 'PACS',
  remote_host: '127.0.0.1',
  remote_port: 104,
};

/** Authentication and storage backends (destinations) through HTTP on one database dialect. */
export function configApiScenarios(dialect: Dialect): void {
  let t: TestApp;
  let userKey: string;
  const asAdmin = (r: ReturnType<ReturnType<TestApp['http']>['get']>) =>
    r.set('Authorization', `Api-Key ${t.adminKey}`);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    userKey = await t.keyFor('user@example.org', [RoleName.User]);
  }, 60_000);
  afterAll(async () => t?.close());

  describe('authentication', () => {
    it('401 without identity, with an unknown key, and with a malformed header', async () => {
      await t.http().get('/api/v1/config/storage-backends').expect(401);
      await t
        .http()
        .get('/api/v1/config/storage-backends')
        .set('X-API-Key', 'nope1234_0123456789abcdef0123')
        .expect(401);
      const res = await t.http().get('/api/v1/config/storage-backends').set('Authorization', 'Basic abc').expect(401);
      expect(res.body).toMatchObject({ code: 'unauthorized' });
    });

    it('accepts both Authorization: Api-Key and X-API-Key', async () => {
      await t.http().get('/api/v1/config/storage-backends').set('Authorization', `Api-Key ${t.adminKey}`).expect(200);
      await t.http().get('/api/v1/config/storage-backends').set('X-API-Key', t.adminKey).expect(200);
    });

    it('a User reads but may not write (403)', async () => {
      await t.http().get('/api/v1/config/storage-backends').set('X-API-Key', userKey).expect(200);
      const res = await t
        .http()
        .post('/api/v1/config/storage-backends')
        .set('X-API-Key', userKey)
        .send(CSTORE)
        .expect(403);
      expect(res.body).toMatchObject({ code: 'forbidden' });
    });
  });

  describe('storage backends', () => {
    it('creates a C-STORE backend with defaults, gets, lists, patches and deletes it', async () => {
      const created = await asAdmin(t.http().post('/api/v1/config/storage-backends')).send(CSTORE).expect(201);
      expect(created.body).toMatchObject({
        ...CSTORE,
        is_enabled: true,
        local_ae_title: 'AXIOM_STORE_SCU',
        tls_enabled: false,
        description: null,
      });
      expect(typeof created.body.created_at).toBe('string');
      const id: number = created.body.id;
      await asAdmin(t.http().get(`/api/v1/config/storage-backends/${id}`)).expect(200);
      const list = await asAdmin(t.http().get('/api/v1/config/storage-backends')).expect(200);
      expect(list.body.map((b: { name: string }) => b.name)).toContain('pacs');
      const patched = await asAdmin(t.http().patch(`/api/v1/config/storage-backends/${id}`))
        .send({ remote_port: 10412 })
        .expect(200);
      expect(patched.body).toMatchObject({ remote_port: 10412, remote_ae_title: 'PACS' });
      const put = await asAdmin(t.http().put(`/api/v1/config/storage-backends/${id}`))
        .send({ description: 'main' })
        .expect(200);
      expect(put.body).toMatchObject({ description: 'main', remote_port: 10412 });
      await asAdmin(t.http().delete(`/api/v1/config/storage-backends/${id}`)).expect(204);
      await asAdmin(t.http().get(`/api/v1/config/storage-backends/${id}`)).expect(404);
    });

    it.each([
      [{ ...CSTORE, name: '' }, 'name'],
      [{ ...CSTORE, name: 'x'.repeat(101) }, 'name'],
      [{ ...CSTORE, backend_type: 'ftp' }, 'backend_type'],
      [{ ...CSTORE, remote_port: 70000 }, 'remote_port'],
      [{ ...CSTORE, remote_port: 0 }, 'remote_port'],
      [{ ...CSTORE, remote_ae_title: 'A'.repeat(17) }, 'remote_ae_title'],
      [{ name: 'c2', backend_type: 'cstore', remote_host: 'h', remote_port: 104 }, 'remote_ae_title'],
      [{ name: 'f', backend_type: 'filesystem' }, 'path'],
      [{ name: 'f', backend_type: 'filesystem', path: '/x', bucket: 'b' }, 'bucket'],
      [{ name: 'g', backend_type: 'gcs' }, 'bucket'],
      [
        { name: 'h', backend_type: 'google_healthcare', gcp_project_id: 'p', gcp_location: 'l', gcp_dataset_id: 'd' },
        'gcp_dicom_store_id',
      ],
      [{ name: 's', backend_type: 'stow_rs', base_url: 'ftp://x' }, 'base_url'],
      [
        {
          name: 's',
          backend_type: 'stow_rs',
          base_url: 'https://x/dicom-web',
          auth_type: 'basic',
          auth_config: { username: 'u' },
        },
        'auth_config.password',
      ],
      [{ name: 's', backend_type: 'stow_rs', base_url: 'https://x', auth_type: 'magic' }, 'auth_type'],
      [{ ...CSTORE, is_enabled: 'yes' }, 'is_enabled'],
      [{ ...CSTORE, unknown_field: 1 }, 'unknown_field'],
      [{ ...CSTORE, tls_enabled: 'yes' }, 'tls_enabled'],
      [
        { name: 's', backend_type: 'stow_rs', base_url: 'https://router:S3cret@pacs.example.org/dicom-web' },
        'base_url',
      ],
      [{ name: 's', backend_type: 'stow_rs', base_url: 'http://token@pacs.example.org/dicom-web' }, 'base_url'],
      ...[
        '/etc',
        '/etc/axiom',
        '/proc/self',
        '/sys/kernel',
        '/usr/local/out',
        '/var/lib/x',
        '/',
        'relative/out',
        './out',
        '/data/../etc',
        '/data//out',
        '/data/out\0x',
      ].map((path) => [{ name: 'f', backend_type: 'filesystem', path }, 'path'] as [Record<string, unknown>, string]),
    ])('422 naming the field: %j -> %s', async (body, path) => {
      const res = await asAdmin(t.http().post('/api/v1/config/storage-backends')).send(body).expect(422);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    });

    it('refuses a filesystem destination in or around the spool, error and data directories', async () => {
      const { spoolPath, errorPath, dataDir } = t.config;
      for (const path of [spoolPath, `${spoolPath}/out`, errorPath, `${dataDir}/exports`, dataDir]) {
        const res = await asAdmin(t.http().post('/api/v1/config/storage-backends')).send({
          name: 'near-spool',
          backend_type: 'filesystem',
          path,
        });
        expect({
          path,
          status: res.status,
          paths: (res.body.errors ?? []).map((e: { path: string }) => e.path),
        }).toEqual({ path, status: 422, paths: ['path'] });
      }
      const ok = await asAdmin(t.http().post('/api/v1/config/storage-backends'))
        .send({ name: 'archive-dir', backend_type: 'filesystem', path: '/srv/axiom/archive/' })
        .expect(201);
      const moved = await asAdmin(t.http().patch(`/api/v1/config/storage-backends/${ok.body.id}`))
        .send({ path: '/etc/cron.d' })
        .expect(422);
      expect(moved.body.errors).toEqual([{ path: 'path', message: 'must not be inside the system directory /etc' }]);
    });

    it('takes DICOM TLS on update, refuses credentials in a URL', async () => {
      const created = await asAdmin(t.http().post('/api/v1/config/storage-backends'))
        .send({ ...CSTORE, name: 'tls-later' })
        .expect(201);
      const res = await asAdmin(t.http().patch(`/api/v1/config/storage-backends/${created.body.id}`))
        .send({ tls_enabled: true })
        .expect(200);
      expect(res.body.tls_enabled).toBe(true);
      const stow = await asAdmin(t.http().post('/api/v1/config/storage-backends'))
        .send({ name: 'stow-ok', backend_type: 'stow_rs', base_url: 'https://pacs.example.org/dicom-web' })
        .expect(201);
      const creds = await asAdmin(t.http().patch(`/api/v1/config/storage-backends/${stow.body.id}`))
        .send({ base_url: 'https://u:p@pacs.example.org/dicom-web' })
        .expect(422);
      expect(creds.body.errors.map((e: { path: string }) => e.path)).toEqual(['base_url']);
      expect(JSON.stringify(creds.body)).not.toContain('u:p@');
    });

    it('409 on a taken name, 404 on an unknown id, 422 on a non-integer id', async () => {
      await asAdmin(t.http().post('/api/v1/config/storage-backends'))
        .send({ ...CSTORE, name: 'dup' })
        .expect(201);
      const res = await asAdmin(t.http().post('/api/v1/config/storage-backends'))
        .send({ ...CSTORE, name: 'dup' })
        .expect(409);
      expect(res.body).toMatchObject({ code: 'name_conflict' });
      await asAdmin(t.http().patch('/api/v1/config/storage-backends/99999')).send({ description: 'x' }).expect(404);
      await asAdmin(t.http().get('/api/v1/config/storage-backends/abc')).expect(422);
    });

    it('takes STOW-RS credentials write-only', async () => {
      const body = {
        name: 'stow',
        backend_type: 'stow_rs',
        base_url: 'https://pacs.example.org/dicom-web',
        auth_type: 'basic',
        auth_config: { username: 'router', password: 'S3cr3t-Pa55' },
      };
      const res = await asAdmin(t.http().post('/api/v1/config/storage-backends')).send(body).expect(201);
      expect(res.body).toMatchObject({ auth_type: 'basic', auth_config_set: true });
      expect(JSON.stringify(res.body)).not.toContain('S3cr3t-Pa55');
      const list = await asAdmin(t.http().get('/api/v1/config/storage-backends')).expect(200);
      expect(JSON.stringify(list.body)).not.toContain('S3cr3t-Pa55');
      const kept = await asAdmin(t.http().patch(`/api/v1/config/storage-backends/${res.body.id}`))
        .send({ description: 'd' })
        .expect(200);
      expect(kept.body.auth_config_set).toBe(true);
    });
  });
}
