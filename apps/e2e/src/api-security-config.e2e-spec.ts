import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Entity, filesystemBackendBody, ruleBody, rulesetBody, validationPaths } from '@axiom/testing';
import {
  ADMIN_KEY,
  SECRETS,
  TARGETS,
  UNKNOWN_ID,
  UNQUOTED_PASSWORD,
  expectEveryChangeAudited,
  expectNoCredentialLeaked,
  useSecuritySuite,
} from './support/api-security';

jest.setTimeout(120_000);

describe.each(TARGETS)('API security through the real bootstrap, backends, rules and bodies: $label', (target) => {
  const s = useSecuritySuite(target);
  const { admin, adminAuth, track } = s;

  it('storage backends of every type: 201 with credentials write-only, 422 naming the field, 409 on a taken name', async () => {
    const { http } = s;
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
    const { http, user } = s;
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

  it('bodies over the JSON limit get 413 and bodies nested thousands deep 422, not 500; no X-Powered-By', async () => {
    const { sut } = s;
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

  // the JSON parser's own message quotes the body around the error: the 400 must not pass it on,
  // or a credential typed without quotes would come back in the answer
  it('a malformed JSON body does not echo the credential in it', async () => {
    const { http } = s;
    const body = `{"name": "broken", "backend_type": "stow_rs", "base_url": "https://x", "auth_type": "basic", "auth_config": {"username": "u", "password": ${UNQUOTED_PASSWORD}}}`;
    const res = await http.send('POST', '/config/storage-backends', admin, body);
    expect({ status: res.status, echoed: res.text.includes(UNQUOTED_PASSWORD) }).toEqual({
      status: 400,
      echoed: false,
    });
  });

  it('every change left an audit row naming its actor', () => expectEveryChangeAudited(s, 14));

  it('no credential sent appears in any response body, nor in the process log', () => expectNoCredentialLeaked(s));
});
