import { createTestApp, type TestApp } from '../testing/test-app';

const CSTORE = {
  name: 'pacs-ts',
  backend_type: 'cstore',
  remote_ae_title: 'PACS',
  remote_host: '127.0.0.1',
  remote_port: 104,
};
const STOW = { name: 'stow-ts', backend_type: 'stow_rs', base_url: 'https://pacs.example.org/dicom-web' };

describe('transfer_syntax_policy and max_associations through the API', () => {
  let t: TestApp;
  const admin = () => ({ 'X-API-Key': t.adminKey });
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  }, 60_000);
  afterAll(async () => t?.close());

  it('defaults to as_received and 2 associations for C-STORE, as_received for STOW-RS', async () => {
    const cstore = await t.http().post('/api/v1/config/storage-backends').set(admin()).send(CSTORE).expect(201);
    expect(cstore.body).toMatchObject({ transfer_syntax_policy: 'as_received', max_associations: 2 });
    const stow = await t.http().post('/api/v1/config/storage-backends').set(admin()).send(STOW).expect(201);
    expect(stow.body).toMatchObject({ transfer_syntax_policy: 'as_received' });
    expect(stow.body).not.toHaveProperty('max_associations');
    for (const id of [cstore.body.id, stow.body.id])
      await t.http().delete(`/api/v1/config/storage-backends/${id}`).set(admin()).expect(204);
  });

  it('stores a list and a limit, returns them, and a PATCH changes them', async () => {
    const policy = ['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.1'];
    const created = await t
      .http()
      .post('/api/v1/config/storage-backends')
      .set(admin())
      .send({ ...CSTORE, name: 'pacs-list', transfer_syntax_policy: policy, max_associations: 4 })
      .expect(201);
    expect(created.body).toMatchObject({ transfer_syntax_policy: policy, max_associations: 4 });
    const id: number = created.body.id;
    const got = await t.http().get(`/api/v1/config/storage-backends/${id}`).set(admin()).expect(200);
    expect(got.body).toMatchObject({ transfer_syntax_policy: policy, max_associations: 4 });
    const patched = await t
      .http()
      .patch(`/api/v1/config/storage-backends/${id}`)
      .set(admin())
      .send({ transfer_syntax_policy: 'as_received_only' })
      .expect(200);
    expect(patched.body).toMatchObject({ transfer_syntax_policy: 'as_received_only', max_associations: 4 });
    const stow = await t
      .http()
      .post('/api/v1/config/storage-backends')
      .set(admin())
      .send({ ...STOW, name: 'stow-list', transfer_syntax_policy: ['1.2.840.10008.1.2.1'] })
      .expect(201);
    expect(stow.body.transfer_syntax_policy).toEqual(['1.2.840.10008.1.2.1']);
  });

  it.each([
    [{ ...CSTORE, transfer_syntax_policy: 'always' }, 'transfer_syntax_policy'],
    [{ ...CSTORE, transfer_syntax_policy: 42 }, 'transfer_syntax_policy'],
    [{ ...CSTORE, transfer_syntax_policy: [] }, 'transfer_syntax_policy'],
    [{ ...CSTORE, transfer_syntax_policy: ['not-a-uid'] }, 'transfer_syntax_policy'],
    [{ ...CSTORE, transfer_syntax_policy: ['1.2.3.4.5'] }, 'transfer_syntax_policy'],
    [{ ...CSTORE, transfer_syntax_policy: ['1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1'] }, 'transfer_syntax_policy'],
    [{ ...STOW, transfer_syntax_policy: ['1.2.840.10008.1.2.4.999'] }, 'transfer_syntax_policy'],
    [{ ...CSTORE, max_associations: 0 }, 'max_associations'],
    [{ ...CSTORE, max_associations: 17 }, 'max_associations'],
    [{ ...CSTORE, max_associations: 2.5 }, 'max_associations'],
    [{ ...CSTORE, max_associations: '4' }, 'max_associations'],
    [{ ...STOW, max_associations: 4 }, 'max_associations'],
  ])('422 naming the field: %j -> %s', async (body, field) => {
    const res = await t.http().post('/api/v1/config/storage-backends').set(admin()).send(body).expect(422);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it('the unknown UID is named in the message', async () => {
    const res = await t
      .http()
      .post('/api/v1/config/storage-backends')
      .set(admin())
      .send({ ...CSTORE, transfer_syntax_policy: ['1.2.3.4.5'] })
      .expect(422);
    expect(JSON.stringify(res.body.errors)).toContain('1.2.3.4.5');
  });
});
