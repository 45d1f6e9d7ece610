import { CSTORE } from './config-api.scenarios';
import { createTestApp, type Dialect, type TestApp } from './test-app';

/** Rulesets, rules and DIMSE listeners through HTTP on one database dialect. */
export function rulesAndListenersScenarios(dialect: Dialect): void {
  let t: TestApp;
  const asAdmin = (r: ReturnType<ReturnType<TestApp['http']>['get']>) =>
    r.set('Authorization', `Api-Key ${t.adminKey}`);

  beforeAll(async () => {
    t = await createTestApp(dialect);
  }, 60_000);
  afterAll(async () => t?.close());

  describe('rulesets and rules', () => {
    it('creates a ruleset and a rule with destinations; GET ruleset includes rules', async () => {
      const backend = await asAdmin(t.http().post('/api/v1/config/storage-backends'))
        .send({ ...CSTORE, name: 'rule-dest' })
        .expect(201);
      const rs = await asAdmin(t.http().post('/api/v1/rules-engine/rulesets')).send({ name: 'CT' }).expect(201);
      expect(rs.body).toMatchObject({
        name: 'CT',
        is_active: true,
        priority: 0,
        execution_mode: 'FIRST_MATCH',
        rules: [],
      });
      const rule = await asAdmin(t.http().post('/api/v1/rules-engine/rules'))
        .send({
          ruleset_id: rs.body.id,
          name: 'ct to pacs',
          match_criteria: [{ tag: 'Modality', op: 'eq', value: 'CT' }],
          tag_modifications: [{ action: 'set', tag: 'InstitutionName', value: 'X' }],
          destination_ids: [backend.body.id],
        })
        .expect(201);
      expect(rule.body.destinations).toEqual([
        expect.objectContaining({ id: backend.body.id, name: 'rule-dest', backend_type: 'cstore' }),
      ]);
      expect(rule.body).toMatchObject({ applicable_sources: null, association_criteria: [], is_active: true });
      const got = await asAdmin(t.http().get(`/api/v1/rules-engine/rulesets/${rs.body.id}`)).expect(200);
      expect(got.body.rules.map((r: { id: number }) => r.id)).toEqual([rule.body.id]);
      const inUse = await asAdmin(t.http().delete(`/api/v1/config/storage-backends/${backend.body.id}`)).expect(409);
      expect(inUse.body.detail).toContain('ct to pacs');
      const patched = await asAdmin(t.http().patch(`/api/v1/rules-engine/rules/${rule.body.id}`))
        .send({ destination_ids: [] })
        .expect(200);
      expect(patched.body.destinations).toEqual([]);
      await asAdmin(t.http().delete(`/api/v1/config/storage-backends/${backend.body.id}`)).expect(204);
      await asAdmin(t.http().put(`/api/v1/rules-engine/rulesets/${rs.body.id}`))
        .send({ execution_mode: 'ALL_MATCHES' })
        .expect(200);
      await asAdmin(t.http().delete(`/api/v1/rules-engine/rulesets/${rs.body.id}`)).expect(204);
      await asAdmin(t.http().get(`/api/v1/rules-engine/rules/${rule.body.id}`)).expect(404);
    });

    it('422 naming the path for rule engine problems, bad ruleset and unknown destinations', async () => {
      const rs = await asAdmin(t.http().post('/api/v1/rules-engine/rulesets')).send({ name: 'bad-rules' }).expect(201);
      const cases: [Record<string, unknown>, string][] = [
        [{ match_criteria: [{ tag: 'Modality', op: 'almost', value: 'CT' }] }, 'match_criteria[0].op'],
        [{ match_criteria: [{ tag: 'Modality', op: 'regex', value: '(' }] }, 'match_criteria[0].value'],
        [{ tag_modifications: [{ action: 'explode', tag: 'PatientName' }] }, 'tag_modifications[0].action'],
        [{ destination_ids: [424242] }, 'destination_ids[0]'],
        [{ ruleset_id: 999999 }, 'ruleset_id'],
        [{ priority: 'high' }, 'priority'],
      ];
      for (const [patch, path] of cases) {
        const res = await asAdmin(t.http().post('/api/v1/rules-engine/rules')).send({
          ruleset_id: rs.body.id,
          name: 'r',
          ...patch,
        });
        expect({ status: res.status, paths: (res.body.errors ?? []).map((e: { path: string }) => e.path) }).toEqual({
          status: 422,
          paths: expect.arrayContaining([path]),
        });
      }
      await asAdmin(t.http().post('/api/v1/rules-engine/rulesets')).send({ name: 'bad-rules' }).expect(409);
      // nested thousands deep: refused before validation walks it (which would overflow the stack: a 500)
      const deep = await asAdmin(t.http().post('/api/v1/rules-engine/rulesets'))
        .set('Content-Type', 'application/json')
        .send(`{"name": "deep", "description": ${'['.repeat(5000)}${']'.repeat(5000)}}`)
        .expect(422);
      expect(deep.body).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: 'body', message: 'is nested deeper than 64 levels' }],
      });
      await asAdmin(t.http().post('/api/v1/rules-engine/rulesets'))
        .send({ name: 'm', execution_mode: 'SOME' })
        .expect(422);
    });
  });

  describe('applicable_sources that name no source', () => {
    it('are saved with a warning on create and update; known names (listeners, api_json, stow_rs) warn nothing', async () => {
      const rs = await asAdmin(t.http().post('/api/v1/rules-engine/rulesets')).send({ name: 'sources' }).expect(201);
      await asAdmin(t.http().post('/api/v1/config/dimse-listeners'))
        .send({ name: 'ct-in', ae_title: 'CT_IN', port: 11250 })
        .expect(201);
      const created = await asAdmin(t.http().post('/api/v1/rules-engine/rules'))
        .send({ ruleset_id: rs.body.id, name: 'r', applicable_sources: ['ct-in', 'nope'] })
        .expect(201);
      expect(created.body).toMatchObject({
        applicable_sources: ['ct-in', 'nope'],
        warnings: ['applicable_sources[1]: no source named "nope"'],
      });
      const patched = await asAdmin(t.http().patch(`/api/v1/rules-engine/rules/${created.body.id}`))
        .send({ applicable_sources: ['gone', 'api_json', 'stow_rs'] })
        .expect(200);
      expect(patched.body.warnings).toEqual(['applicable_sources[0]: no source named "gone"']);
      const clean = await asAdmin(t.http().put(`/api/v1/rules-engine/rules/${created.body.id}`))
        .send({ applicable_sources: null })
        .expect(200);
      expect(clean.body.warnings).toEqual([]);
      expect(
        (await asAdmin(t.http().get(`/api/v1/rules-engine/rules/${created.body.id}`)).expect(200)).body,
      ).not.toHaveProperty('warnings');
    });
  });

  describe('DIMSE listeners', () => {
    it("takes TLS; refuses this process's HTTP and health ports, and a port of another row of the same instance", async () => {
      const tls = await asAdmin(t.http().post('/api/v1/config/dimse-listeners'))
        .send({ name: 'tls', ae_title: 'TLS', port: 11260, tls_enabled: true })
        .expect(201);
      expect(tls.body.tls_enabled).toBe(true);
      for (const port of [t.config.port, t.config.healthPort]) {
        const res = await asAdmin(t.http().post('/api/v1/config/dimse-listeners'))
          .send({ name: 'own-port', ae_title: 'OWN', port })
          .expect(422);
        expect(res.body.errors).toEqual([
          expect.objectContaining({ path: 'port', message: expect.stringContaining(String(port)) }),
        ]);
      }
      const off = await asAdmin(t.http().post('/api/v1/config/dimse-listeners'))
        .send({ name: 'spare', ae_title: 'SPARE', port: 11261, is_enabled: false })
        .expect(201);
      const clash = await asAdmin(t.http().post('/api/v1/config/dimse-listeners'))
        .send({ name: 'clash', ae_title: 'CLASH', port: 11261 })
        .expect(409);
      expect(clash.body.errors).toEqual([expect.objectContaining({ path: 'port' })]);
      await asAdmin(t.http().post('/api/v1/config/dimse-listeners'))
        .send({ name: 'other-instance', ae_title: 'OTHER', port: 11261, instance_id: 'site-b' })
        .expect(201);
      await asAdmin(t.http().patch(`/api/v1/config/dimse-listeners/${off.body.id}`))
        .send({ port: t.config.port })
        .expect(422);
      await asAdmin(t.http().patch(`/api/v1/config/dimse-listeners/${off.body.id}`))
        .send({ tls_enabled: true })
        .expect(200);
    });

    it('CRUD with a port clash and an AE title check', async () => {
      const l = await asAdmin(t.http().post('/api/v1/config/dimse-listeners'))
        .send({ name: 'l1', ae_title: 'AXIOM_L1', port: 11200 })
        .expect(201);
      expect(l.body).toMatchObject({
        name: 'l1',
        ae_title: 'AXIOM_L1',
        port: 11200,
        is_enabled: true,
        instance_id: 'default',
        tls_enabled: false,
      });
      await asAdmin(t.http().post('/api/v1/config/dimse-listeners'))
        .send({ name: 'l2', ae_title: 'AXIOM_L2', port: 11200 })
        .expect(409);
      await asAdmin(t.http().post('/api/v1/config/dimse-listeners'))
        .send({ name: 'l3', ae_title: 'BAD/AE', port: 11201 })
        .expect(422);
      await asAdmin(t.http().post('/api/v1/config/dimse-listeners'))
        .send({ name: 'l3', ae_title: 'OK', port: 0 })
        .expect(422);
      await asAdmin(t.http().patch(`/api/v1/config/dimse-listeners/${l.body.id}`))
        .send({ is_enabled: false })
        .expect(200);
      await asAdmin(t.http().delete(`/api/v1/config/dimse-listeners/${l.body.id}`)).expect(204);
    });
  });
}
