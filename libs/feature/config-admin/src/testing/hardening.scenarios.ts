import { Injectable, Module } from '@nestjs/common';
import { readdirSync } from 'node:fs';
import { request as httpRequest, type ClientRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sampleCorpusDir } from '@axiom/dicom-io/testing';
import { AuthType, RoleName, DestinationType, type RulesetDefinition } from '@axiom/domain';
import { DicomwebSourceEntity, DestinationEntity } from '@axiom/persistence';
import { DryRunModule } from '../dry-run/dry-run.module';
import type { RulesetLoader } from '../dry-run/ruleset-loader';
import { DRY_RUN_UPLOAD_DIR } from '../dry-run/temp-file-storage';
import { tableOf } from './tables';
import { createTestApp, type Dialect, type TestApp } from './test-app';

const BAD_KEY_LIMIT = 5;
const INACTIVE: RulesetDefinition = {
  id: 2,
  name: 'off',
  isActive: false,
  priority: 0,
  executionMode: 'ALL_MATCHES',
  rules: [
    {
      id: 7,
      name: 'any CT',
      isActive: true,
      priority: 0,
      matchCriteria: [{ tag: 'Modality', op: 'eq', value: 'CT' }],
      associationCriteria: [],
      applicableSources: ['api_json', 'nope'],
      destinationIds: [3],
      tagModifications: [],
    },
  ],
};

@Injectable()
class OneInactiveRuleset implements RulesetLoader {
  async loadActive(): Promise<RulesetDefinition[]> {
    return [];
  }
  async loadOne(id: number): Promise<RulesetDefinition | null> {
    return id === INACTIVE.id ? INACTIVE : null;
  }
}

@Module({ providers: [OneInactiveRuleset], exports: [OneInactiveRuleset] })
class OneInactiveRulesetModule {}

function uploadsLeft(): string[] {
  try {
    return readdirSync(DRY_RUN_UPLOAD_DIR);
  } catch {
    return [];
  }
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Body limits, headers, dry-run uploads and the bad-key throttle through HTTP on one dialect. */
export function hardeningScenarios(dialect: Dialect): void {
  let t: TestApp;
  let userKey: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { SIGN_IN_RATE_LIMIT_PER_MINUTE: String(BAD_KEY_LIMIT) }, [
      DryRunModule.forRoot({ imports: [OneInactiveRulesetModule], useExisting: OneInactiveRuleset }),
    ]);
    userKey = await t.keyFor('dry-runner@example.org', [RoleName.User]);
    await t.app.listen(0, '127.0.0.1');
  }, 60_000);
  afterAll(async () => t?.close());

  it('a body over the JSON limit is a 413, not a 500; no X-Powered-By header', async () => {
    const res = await t
      .http()
      .post('/api/v1/rules-engine/rulesets')
      .set('X-API-Key', t.adminKey)
      .send({ name: 'x'.repeat(200_000) })
      .expect(413);
    expect(res.body).toEqual({ detail: expect.any(String), code: 'payload_too_large' });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('credentials in the URL of a row saved before they were refused are not shown to readers', async () => {
    const backends = tableOf(t, DestinationEntity);
    const sources = tableOf(t, DicomwebSourceEntity);
    await backends.save(
      backends.create({
        name: 'legacy-stow',
        backendType: DestinationType.StowRs,
        config: { base_url: 'https://old:Leak3d@pacs.example.org/dicom-web', auth_type: 'none' },
        secrets: null,
        isEnabled: true,
        description: null,
      }),
    );
    await sources.save(
      sources.create({
        name: 'legacy-web',
        baseUrl: 'https://old:Leak3d@archive.example.org/dicom-web',
        authType: AuthType.None,
        secrets: null,
        searchFilters: null,
        description: null,
      }),
    );
    const listed = [
      await t.http().get('/api/v1/config/storage-backends').set('X-API-Key', userKey).expect(200),
      await t.http().get('/api/v1/config/dicomweb-sources').set('X-API-Key', userKey).expect(200),
    ];
    expect(listed.map((r) => r.text).join()).not.toContain('Leak3d');
    expect(listed[0]?.body).toEqual([
      expect.objectContaining({ name: 'legacy-stow', base_url: 'https://***@pacs.example.org/dicom-web' }),
    ]);
  });

  it('process-json: a malformed attribute is a 422 naming it, never an exception text', async () => {
    const res = await t
      .http()
      .post('/api/v1/rules-engine/process-json')
      .set('X-API-Key', userKey)
      .send({ dicom_json: { '00100010': { vr: 'PN', Value: 'Doe^John' } } })
      .expect(422);
    expect(res.body.errors).toEqual([{ path: 'dicom_json.00100010.Value', message: 'must be an array' }]);
    expect(JSON.stringify(res.body)).not.toMatch(/is not a function|TypeError/);
  });

  it('process-file evaluates a ruleset given by id although inactive, warns of unknown sources, leaves no temp file', async () => {
    const before = uploadsLeft().length;
    const res = await t
      .http()
      .post('/api/v1/rules-engine/process-file')
      .set('X-API-Key', userKey)
      .field('ruleset_id', String(INACTIVE.id))
      .attach('file', join(sampleCorpusDir(), 'ct-explicit-le.dcm'))
      .expect(200);
    expect(res.body).toMatchObject({
      applied_rule_ids: [7],
      rulesets: [expect.objectContaining({ ruleset_id: 2, is_active: false })],
    });
    expect(res.body.warnings).toEqual(['rule 7 "any CT": applicable_sources[1]: no source named "nope"']);
    await t
      .http()
      .post('/api/v1/rules-engine/process-file')
      .set('X-API-Key', userKey)
      .field('ruleset_id', 'abc')
      .attach('file', join(sampleCorpusDir(), 'ct-explicit-le.dcm'))
      .expect(422);
    await until('the temp files to go', () => uploadsLeft().length <= before);
  });

  it('at most two file dry runs at once: a third is refused with 429 and Retry-After before its upload is read', async () => {
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const before = uploadsLeft().length;
    const boundary = 'axiom-test-boundary';
    const open: ClientRequest[] = [];
    for (let i = 0; i < 2; i++) {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/rules-engine/process-file',
        headers: {
          'X-API-Key': userKey,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Transfer-Encoding': 'chunked',
        },
      });
      req.on('error', () => undefined); // destroyed below on purpose
      req.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.dcm"\r\nContent-Type: application/dicom\r\n\r\n`,
      );
      req.write(Buffer.alloc(64 * 1024));
      open.push(req);
    }
    try {
      await until('both slow uploads to reach their temp files', () => uploadsLeft().length >= before + 2);
      const refused = await t
        .http()
        .post('/api/v1/rules-engine/process-file')
        .set('X-API-Key', userKey)
        .attach('file', join(sampleCorpusDir(), 'ct-explicit-le.dcm'))
        .expect(429);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.body).toMatchObject({ code: 'rate_limited' });
    } finally {
      for (const req of open) req.destroy();
    }
    await until('aborted uploads to be removed', () => uploadsLeft().length <= before);
    // the aborted requests give their slots back once the server notices the closed sockets
    const again = async () =>
      (
        await t
          .http()
          .post('/api/v1/rules-engine/process-file')
          .set('X-API-Key', userKey)
          .attach('file', join(sampleCorpusDir(), 'ct-explicit-le.dcm'))
      ).status;
    const end = Date.now() + 10_000;
    let status = await again();
    while (status === 429 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      status = await again();
    }
    expect(status).toBe(200);
  });

  // last: it fills this address's bad-key window for a minute
  it('a flood of wrong secrets is refused before hashing; keys verified recently keep working', async () => {
    const good = await t.keyFor('flooded@example.org', [RoleName.User]);
    await t.http().get('/api/v1/users/me').set('X-API-Key', good).expect(200);
    const [prefix] = good.split('_');
    const statuses: number[] = [];
    for (let i = 0; i < BAD_KEY_LIMIT + 2; i++) {
      statuses.push(
        (await t.http().get('/api/v1/users/me').set('X-API-Key', `${prefix}_WrongSecret0123456789x${i}`)).status,
      );
    }
    expect(statuses).toEqual([...Array(BAD_KEY_LIMIT).fill(401), 429, 429]);
    await t.http().get('/api/v1/users/me').set('X-API-Key', good).expect(200); // cached: no scrypt, no window
    // a right key not verified lately would need scrypt: the full window refuses it before hashing
    const fresh = await t.keyFor('late@example.org', [RoleName.User]);
    const res = await t.http().get('/api/v1/users/me').set('X-API-Key', fresh).expect(429);
    expect(res.body).toMatchObject({ code: 'rate_limited' });
  });
}
