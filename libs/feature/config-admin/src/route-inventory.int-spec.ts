import { Injectable, Module } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { RoleName } from '@axiom/domain';
import { concretePath, isMutation, operationsOf, type Operation } from '@axiom/testing';
import { DryRunModule } from './dry-run/dry-run.module';
import type { RulesetLoader } from './dry-run/ruleset-loader';
import { createTestApp, type TestApp } from './testing/test-app';

@Injectable()
class NoRulesets implements RulesetLoader {
  async loadActive(): Promise<[]> {
    return [];
  }
  async loadOne(): Promise<null> {
    return null;
  }
}

@Module({ providers: [NoRulesets], exports: [NoRulesets] })
class NoRulesetsModule {}

/** Writes a User may do: own API keys and dry runs. Anything else that accepts a User is a bug. */
const USER_MUTATIONS = new Set([
  'post /api/v1/apikeys',
  'put /api/v1/apikeys/{id}',
  'patch /api/v1/apikeys/{id}',
  'delete /api/v1/apikeys/{id}',
  'post /api/v1/rules-engine/process-json',
  'post /api/v1/rules-engine/process-file',
]);
const PUBLIC_ROUTES = new Set([
  'post /api/v1/auth/google',
  'get /api/v1/auth/google/login',
  'get /api/v1/auth/google/callback',
  'get /api/v1/auth/providers',
  'get /api/v1/system/health',
]);

describe('route inventory: every route of the OpenAPI document is guarded', () => {
  let t: TestApp;
  let userKey: string;
  let ops: Operation[];

  beforeAll(async () => {
    t = await createTestApp('sqlite', {}, [
      DryRunModule.forRoot({ imports: [NoRulesetsModule], useExisting: NoRulesets }),
    ]);
    userKey = await t.keyFor('inventory-user@example.org', [RoleName.User]);
    const doc = (await t.http().get('/api/v1/openapi.json').expect(200)).body as OpenAPIObject;
    ops = operationsOf(doc);
  }, 60_000);
  afterAll(async () => t?.close());

  it("documents the contract's routes, each with a summary and a guard", async () => {
    const keys = ops.map((o) => `${o.method} ${o.path}`);
    for (const expected of [
      'get /api/v1/config/storage-backends',
      'post /api/v1/config/storage-backends',
      'put /api/v1/config/storage-backends/{id}',
      'patch /api/v1/config/storage-backends/{id}',
      'delete /api/v1/config/storage-backends/{id}',
      'get /api/v1/config/dicomweb-sources',
      'get /api/v1/config/dimse-listeners',
      'get /api/v1/config/dimse-qr-sources',
      'get /api/v1/rules-engine/rulesets/{id}',
      'post /api/v1/rules-engine/rules',
      'get /api/v1/users/me',
      'post /api/v1/users/{id}/roles',
      'delete /api/v1/users/{id}/roles/{role_id}',
      'get /api/v1/roles',
      'post /api/v1/apikeys',
      'post /api/v1/auth/google',
      'get /api/v1/dashboard/status',
      'get /api/v1/system/dimse-listeners/status',
      'get /api/v1/system/dicomweb-pollers/status',
      'get /api/v1/system/dimse-qr-sources/status',
      'get /api/v1/system/input-sources',
      'get /api/v1/system/health',
      'get /api/v1/audit',
      'get /api/v1/instances/{id}',
      'post /api/v1/deliveries/{id}/retry',
    ])
      expect(keys).toContain(expected);
    expect(ops.length).toBeGreaterThan(50);
    for (const op of ops) {
      expect({
        op: `${op.method} ${op.path}`,
        guarded: op.isPublic || op.roles !== null,
        summary: Boolean(op.summary),
      }).toEqual({ op: `${op.method} ${op.path}`, guarded: true, summary: true });
    }
    expect(
      ops
        .filter((o) => o.isPublic)
        .map((o) => `${o.method} ${o.path}`)
        .sort(),
    ).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('every non-public route answers 401 without identity', async () => {
    const wrong: string[] = [];
    for (const op of ops.filter((o) => !o.isPublic)) {
      const res = await t.http()[op.method](concretePath(op.path)).send({});
      if (res.status !== 401 || res.body.code !== 'unauthorized')
        wrong.push(`${op.method} ${op.path} -> ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it("every mutating route answers 403 to a User, except the User's own writes", async () => {
    const wrong: string[] = [];
    for (const op of ops.filter((o) => isMutation(o) && !o.isPublic)) {
      const key = `${op.method} ${op.path}`;
      const res = await t.http()[op.method](concretePath(op.path)).set('X-API-Key', userKey).send({});
      if (USER_MUTATIONS.has(key) ? res.status === 403 || res.status === 401 : res.status !== 403)
        wrong.push(`${key} -> ${res.status}`);
      if (!USER_MUTATIONS.has(key) && op.roles?.includes(RoleName.User)) wrong.push(`${key} lets a User write`);
    }
    expect(wrong).toEqual([]);
  });

  it('Swagger UI is served at /api/v1/docs', async () => {
    const res = await t.http().get('/api/v1/docs/').expect(200);
    expect(res.text).toContain('swagger');
  });
});
