import type { LoggerService } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from './testing/test-app';

const SECRETS = ['Pa55-NEVER-LOG', 'tok-NEVER-LOG', 'sa-NEVER-LOG', 'key-NEVER-LOG'];

class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(m: unknown, ...rest: unknown[]): void {
    this.lines.push([m, ...rest].map(String).join(' '));
  }
  error(m: unknown, ...rest: unknown[]): void {
    this.log(m, ...rest);
  }
  warn(m: unknown, ...rest: unknown[]): void {
    this.log(m, ...rest);
  }
  debug(m: unknown, ...rest: unknown[]): void {
    this.log(m, ...rest);
  }
  verbose(m: unknown, ...rest: unknown[]): void {
    this.log(m, ...rest);
  }
}

describe('secrets never leave through responses or logs; a 500 hides internals', () => {
  const logger = new CapturingLogger();
  const written: string[] = [];
  let t: TestApp;
  let restore: () => void;

  beforeAll(async () => {
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      written.push(String(chunk));
      return out(chunk, ...rest);
    }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      written.push(String(chunk));
      return err(chunk, ...rest);
    }) as typeof process.stderr.write;
    restore = () => {
      process.stdout.write = out;
      process.stderr.write = err;
    };
    t = await createTestApp('sqlite', { LOG_LEVEL: 'debug' }, [], logger);
  }, 60_000);
  afterAll(async () => {
    restore();
    await t?.close();
  });

  it('writes secrets through every route that takes them, then finds them nowhere', async () => {
    const admin = { 'X-API-Key': t.adminKey };
    const bodies: string[] = [];
    const keep = (r: { text: string }) => bodies.push(r.text);
    const stow = await t
      .http()
      .post('/api/v1/config/storage-backends')
      .set(admin)
      .send({
        name: 'stow',
        backend_type: 'stow_rs',
        base_url: 'https://p/dicom-web',
        auth_type: 'basic',
        auth_config: { username: 'u', password: SECRETS[0] },
      })
      .expect(201);
    keep(stow);
    keep(
      await t
        .http()
        .patch(`/api/v1/config/storage-backends/${stow.body.id}`)
        .set(admin)
        .send({ auth_type: 'apikey', auth_config: { header_name: 'X-Key', key: SECRETS[3] } })
        .expect(200),
    );
    keep(
      await t
        .http()
        .post('/api/v1/config/storage-backends')
        .set(admin)
        .send({
          name: 'gcs',
          backend_type: 'gcs',
          bucket: 'b',
          service_account_json: JSON.stringify({ private_key: SECRETS[2] }),
        })
        .expect(201),
    );
    keep(
      await t
        .http()
        .post('/api/v1/config/dicomweb-sources')
        .set(admin)
        .send({ name: 'web', base_url: 'https://a', auth_type: 'bearer', auth_config: { token: SECRETS[1] } })
        .expect(201),
    );
    // a validation failure echoing nothing of the secret either
    keep(
      await t
        .http()
        .post('/api/v1/config/dicomweb-sources')
        .set(admin)
        .send({ name: 'web2', base_url: 'https://a', auth_type: 'basic', auth_config: { token: SECRETS[1] } })
        .expect(422),
    );
    for (const path of ['/api/v1/config/storage-backends', '/api/v1/config/dicomweb-sources', '/api/v1/audit'])
      keep(await t.http().get(path).set(admin).expect(200));
    const everything = [...bodies, ...logger.lines, ...written].join('\n');
    for (const s of SECRETS) expect(everything).not.toContain(s);
    const stored = await t.app.get(DataSource).query('SELECT secrets FROM storage_backends');
    expect(JSON.stringify(stored)).not.toContain(SECRETS[0]);
    expect(JSON.stringify(stored)).toContain('v1:');
  });

  it('a 500 carries a correlation id that the log line carries too, and no internals', async () => {
    await t.app.get(DataSource).query('DROP TABLE audit_log');
    const res = await t
      .http()
      .post('/api/v1/rules-engine/rulesets')
      .set('X-API-Key', t.adminKey)
      .send({ name: 'boom' })
      .expect(500);
    expect(res.body).toEqual({
      detail: 'internal server error',
      code: 'internal_error',
      correlation_id: expect.any(String),
    });
    expect(res.headers['x-correlation-id']).toBe(res.body.correlation_id);
    expect(JSON.stringify(res.body)).not.toMatch(/audit_log|SQLITE|stack/i);
    expect(
      logger.lines.some((l) => l.includes(`correlation_id=${res.body.correlation_id}`) && l.includes('audit_log')),
    ).toBe(true);
  });
});
