import { listenerBody, validationPaths } from '@axiom/testing';
import {
  SECRETS,
  TARGETS,
  expectEveryChangeAudited,
  expectNoCredentialLeaked,
  useSecuritySuite,
} from './support/api-security';

jest.setTimeout(120_000);

describe.each(TARGETS)('API security through the real bootstrap, input sources: $label', (target) => {
  const s = useSecuritySuite(target);
  const { admin, track } = s;

  it('input sources: listeners, DICOMweb and DIMSE Q/R sources with happy paths, 422s and 409s', async () => {
    const { http, ports } = s;
    // not served by any process (instance_id), so nothing binds the port
    const listener = listenerBody(ports.spare[0], {
      name: 'e2e-listener',
      ae_title: 'AXIOM_E2E',
      instance_id: 'e2e-nobody',
      is_enabled: false,
    });
    const l = track(
      'dimse_listener',
      'create',
      await http.expect(201, 'POST', '/config/dimse-listeners', admin, listener),
    );
    expect(l).toMatchObject({ ae_title: 'AXIOM_E2E', tls_enabled: false });
    expect(
      validationPaths(
        await http.call('POST', '/config/dimse-listeners', admin, { ...listener, name: 'l2', ae_title: 'BAD/AE' }),
      ),
    ).toContain('ae_title');
    expect(
      (
        await http.call('POST', '/config/dimse-listeners', admin, {
          ...listener,
          ae_title: 'OTHER',
          port: ports.spare[1],
        })
      ).status,
    ).toBe(409);
    track(
      'dimse_listener',
      'update',
      await http.expect(200, 'PATCH', `/config/dimse-listeners/${l.id}`, admin, { description: 'kept off' }),
    );

    const web = {
      name: 'e2e-web',
      base_url: 'https://archive.example.org/dicom-web',
      auth_type: 'bearer',
      auth_config: { token: SECRETS.dicomweb },
      is_enabled: false,
      is_active: false,
    };
    const w = track(
      'dicomweb_source',
      'create',
      await http.expect(201, 'POST', '/config/dicomweb-sources', admin, web),
    );
    expect(w).toMatchObject({
      qido_prefix: 'qido-rs',
      wado_prefix: 'wado-rs',
      polling_interval_seconds: 300,
      auth_config_set: true,
      found_instance_count: 0,
    });
    expect(
      validationPaths(
        await http.call('POST', '/config/dicomweb-sources', admin, { ...web, name: 'w2', base_url: 'ftp://x' }),
      ),
    ).toContain('base_url');
    expect(
      validationPaths(
        await http.call('POST', '/config/dicomweb-sources', admin, {
          ...web,
          name: 'w3',
          auth_type: 'basic',
          auth_config: { token: SECRETS.misplaced },
        }),
      ),
    ).toContain('auth_config.username');
    expect((await http.call('POST', '/config/dicomweb-sources', admin, web)).status).toBe(409);

    const qr = {
      name: 'e2e-qr',
      remote_ae_title: 'OLDPACS',
      remote_host: '127.0.0.1',
      remote_port: 104,
      move_destination_ae_title: 'AXIOM_E2E',
      is_enabled: false,
      is_active: false,
    };
    const q = track('dimse_qr_source', 'create', await http.expect(201, 'POST', '/config/dimse-qr-sources', admin, qr));
    expect(q).toMatchObject({ local_ae_title: 'AXIOM_QR_SCU', query_level: 'STUDY', found_study_count: 0 });
    expect(
      validationPaths(
        await http.call('POST', '/config/dimse-qr-sources', admin, { ...qr, name: 'q2', query_level: 'IMAGE' }),
      ),
    ).toContain('query_level');
    expect(
      (
        await http.call('POST', '/config/dimse-qr-sources', admin, {
          ...qr,
          name: 'q3',
          move_destination_ae_title: 'NOBODY',
        })
      ).status,
    ).toBe(422);
    expect((await http.call('DELETE', `/config/dimse-listeners/${l.id}`, admin)).status).toBe(409);
    for (const [type, path, e] of [
      ['dimse_qr_source', 'dimse-qr-sources', q],
      ['dicomweb_source', 'dicomweb-sources', w],
      ['dimse_listener', 'dimse-listeners', l],
    ] as const) {
      await http.expect(204, 'DELETE', `/config/${path}/${e.id}`, admin);
      track(type, 'delete', e);
    }
  });

  it('every change left an audit row naming its actor', () => expectEveryChangeAudited(s, 7));

  it('no credential sent appears in any response body, nor in the process log', () => expectNoCredentialLeaked(s));
});
