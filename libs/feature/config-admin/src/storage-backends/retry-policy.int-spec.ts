import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DestinationEntity } from '@axiom/persistence';
import { createTestApp, type TestApp } from '../testing/test-app';

const FOLDER = { backend_type: 'filesystem', path: '/srv/axiom-retry-policy-test' };

describe("a storage backend's own retry schedule (retry_policy) through the API", () => {
  let t: TestApp;
  const admin = () => ({ 'X-API-Key': t.adminKey });
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  }, 60_000);
  afterAll(async () => t?.close());

  it('is null by default, stored in milliseconds, returned in seconds, changed and cleared by a PATCH', async () => {
    const plain = await t
      .http()
      .post('/api/v1/config/storage-backends')
      .set(admin())
      .send({ ...FOLDER, name: 'rp-default' })
      .expect(201);
    expect(plain.body.retry_policy).toBeNull();
    const created = await t
      .http()
      .post('/api/v1/config/storage-backends')
      .set(admin())
      .send({ ...FOLDER, name: 'rp-own', retry_policy: { max_attempts: 40, backoff_max_seconds: 3600 } })
      .expect(201);
    expect(created.body.retry_policy).toEqual({ max_attempts: 40, backoff_max_seconds: 3600 });
    const id: number = created.body.id;
    const row = await t.app
      .get<DataSource>(getDataSourceToken())
      .getRepository(DestinationEntity)
      .findOneByOrFail({ id });
    expect(row.retryPolicy).toEqual({ maxAttempts: 40, backoffMaxMs: 3_600_000 });
    const patched = await t
      .http()
      .patch(`/api/v1/config/storage-backends/${id}`)
      .set(admin())
      .send({ retry_policy: { backoff_base_seconds: 60 } })
      .expect(200);
    expect(patched.body.retry_policy).toEqual({ backoff_base_seconds: 60 });
    await t
      .http()
      .patch(`/api/v1/config/storage-backends/${id}`)
      .set(admin())
      .send({ description: 'kept' })
      .expect(200);
    expect(
      (await t.http().get(`/api/v1/config/storage-backends/${id}`).set(admin()).expect(200)).body.retry_policy,
    ).toEqual({ backoff_base_seconds: 60 });
    const cleared = await t
      .http()
      .patch(`/api/v1/config/storage-backends/${id}`)
      .set(admin())
      .send({ retry_policy: null })
      .expect(200);
    expect(cleared.body.retry_policy).toBeNull();
  });

  it.each([
    [{ max_attempts: 0 }, 'retry_policy.max_attempts'],
    [{ backoff_base_seconds: 7200 }, 'retry_policy.backoff_base_seconds'],
    [{ backoff_max_seconds: 'long' }, 'retry_policy.backoff_max_seconds'],
  ])('refuses %j naming %s', async (policy, field) => {
    const res = await t
      .http()
      .post('/api/v1/config/storage-backends')
      .set(admin())
      .send({ ...FOLDER, name: `rp-bad-${field}`, retry_policy: policy });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain(field);
  });
});
