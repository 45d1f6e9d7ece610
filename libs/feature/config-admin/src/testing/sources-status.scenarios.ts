import { DeliveryStatus, InstanceState, RoleName, SourceType, DestinationType } from '@axiom/domain';
import { DeliveryEntity, InstanceEntity, DestinationEntity } from '@axiom/persistence';
import { tableOf } from './tables';
import { createTestApp, type Dialect, type TestApp } from './test-app';

type Req = ReturnType<ReturnType<TestApp['http']>['get']>;

/** DICOMweb and DIMSE Q/R sources, status routes and the ledger through HTTP on one dialect. */
export function sourcesAndStatusScenarios(dialect: Dialect): void {
  let t: TestApp;
  let userKey: string;
  const admin = (r: Req): Req => r.set('X-API-Key', t.adminKey);
  const user = (r: Req): Req => r.set('Authorization', `Api-Key ${userKey}`);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    userKey = await t.keyFor('reader@example.org', [RoleName.User]);
  }, 60_000);
  afterAll(async () => t?.close());

  it('DICOMweb sources: CRUD, credentials write-only, auth_config checked against auth_type', async () => {
    const body = {
      name: 'archive',
      base_url: 'https://archive.example.org/dicom-web',
      auth_type: 'bearer',
      auth_config: { token: 'tok-SECRET-123' },
    };
    const created = await admin(t.http().post('/api/v1/config/dicomweb-sources')).send(body).expect(201);
    expect(created.body).toMatchObject({
      name: 'archive',
      qido_prefix: 'qido-rs',
      wado_prefix: 'wado-rs',
      polling_interval_seconds: 300,
      is_enabled: true,
      is_active: true,
      auth_type: 'bearer',
      auth_config_set: true,
      found_instance_count: 0,
      last_successful_run: null,
    });
    expect(JSON.stringify(created.body)).not.toContain('tok-SECRET-123');
    await admin(t.http().post('/api/v1/config/dicomweb-sources')).send(body).expect(409);
    const bad: [Record<string, unknown>, string][] = [
      [{ ...body, name: 'b1', base_url: 'ftp://x' }, 'base_url'],
      [{ ...body, name: 'b2', auth_type: 'basic' }, 'auth_config.username'],
      [{ ...body, name: 'b3', polling_interval_seconds: 0 }, 'polling_interval_seconds'],
      [{ ...body, name: 'b4', auth_type: 'oauth' }, 'auth_type'],
      [{ ...body, name: 'b5', base_url: 'https://reader:Pa55@archive.example.org/dicom-web' }, 'base_url'],
      [
        { ...body, name: 'b6', search_filters: { ModalitiesInStudy: { $ne: 'CT' } } },
        'search_filters.ModalitiesInStudy',
      ],
      [{ ...body, name: 'b7', search_filters: { StudyDate: ['2024'] } }, 'search_filters.StudyDate'],
    ];
    for (const [b, path] of bad) {
      const res = await admin(t.http().post('/api/v1/config/dicomweb-sources')).send(b);
      expect({ status: res.status, paths: (res.body.errors ?? []).map((e: { path: string }) => e.path) }).toEqual({
        status: 422,
        paths: expect.arrayContaining([path]),
      });
    }
    const patched = await admin(t.http().patch(`/api/v1/config/dicomweb-sources/${created.body.id}`))
      .send({ polling_interval_seconds: 60 })
      .expect(200);
    expect(patched.body).toMatchObject({ polling_interval_seconds: 60, auth_config_set: true });
    const filtered = await admin(t.http().patch(`/api/v1/config/dicomweb-sources/${created.body.id}`))
      .send({ search_filters: { ModalitiesInStudy: 'CT', limit: 50, fuzzymatching: true } })
      .expect(200);
    expect(filtered.body.search_filters).toEqual({ ModalitiesInStudy: 'CT', limit: '50', fuzzymatching: 'true' });
    await admin(t.http().patch(`/api/v1/config/dicomweb-sources/${created.body.id}`))
      .send({ search_filters: { nested: { a: 1 } } })
      .expect(422);
    await admin(t.http().patch(`/api/v1/config/dicomweb-sources/${created.body.id}`))
      .send({ base_url: 'https://u:p@archive.example.org' })
      .expect(422);
    await user(t.http().delete(`/api/v1/config/dicomweb-sources/${created.body.id}`)).expect(403);
    await admin(t.http().delete(`/api/v1/config/dicomweb-sources/${created.body.id}`)).expect(204);
  });

  it('DIMSE Q/R sources move to one of our listeners; that listener cannot be deleted meanwhile', async () => {
    const listener = await admin(t.http().post('/api/v1/config/dimse-listeners'))
      .send({ name: 'qr-target', ae_title: 'AXIOM_QR_IN', port: 11300 })
      .expect(201);
    const body = {
      name: 'old-pacs',
      remote_ae_title: 'OLDPACS',
      remote_host: '10.0.0.5',
      remote_port: 104,
      move_destination_ae_title: 'AXIOM_QR_IN',
      query_filters: { StudyDate: '-1d' },
    };
    const created = await admin(t.http().post('/api/v1/config/dimse-qr-sources')).send(body).expect(201);
    expect(created.body).toMatchObject({
      local_ae_title: 'AXIOM_QR_SCU',
      query_level: 'STUDY',
      polling_interval_seconds: 300,
      found_study_count: 0,
    });
    const refused = await admin(t.http().delete(`/api/v1/config/dimse-listeners/${listener.body.id}`)).expect(409);
    expect(refused.body.detail).toContain('old-pacs');
    await admin(t.http().post('/api/v1/config/dimse-qr-sources'))
      .send({ ...body, name: 'x1', move_destination_ae_title: 'NOBODY' })
      .expect(422);
    await admin(t.http().post('/api/v1/config/dimse-qr-sources'))
      .send({ ...body, name: 'x2', query_filters: { StudyDate: 'last week' } })
      .expect(422);
    await admin(t.http().post('/api/v1/config/dimse-qr-sources'))
      .send({ ...body, name: 'x3', query_level: 'IMAGE' })
      .expect(422);
    await admin(t.http().delete(`/api/v1/config/dimse-qr-sources/${created.body.id}`)).expect(204);
    await admin(t.http().delete(`/api/v1/config/dimse-listeners/${listener.body.id}`)).expect(204);
  });

  it('status routes and the ledger with dead-letter retry', async () => {
    const backends = tableOf(t, DestinationEntity);
    const instances = tableOf(t, InstanceEntity);
    const deliveries = tableOf(t, DeliveryEntity);
    const b = await backends.save(
      backends.create({
        name: 'ledger-dest',
        backendType: DestinationType.Filesystem,
        config: { path: '/tmp/x' },
        secrets: null,
        isEnabled: true,
        description: null,
      }),
    );
    const i = await instances.save(
      instances.create({
        sourceType: SourceType.DimseListener,
        sourceName: 'default',
        callingAeTitle: 'MOD',
        calledAeTitle: 'AXIOM',
        peerAddress: '127.0.0.1',
        studyInstanceUid: '1.2.3',
        seriesInstanceUid: '1.2.3.4',
        sopInstanceUid: '1.2.3.4.5',
        sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
        transferSyntaxUid: '1.2.840.10008.1.2.1',
        spoolPath: '/spool/x.dcm',
        sizeBytes: 10,
        receivedAt: new Date(),
        state: InstanceState.Failed,
        matchedRules: [{ ruleset_id: 1, rule_id: 1, destination_ids: [b.id] }],
        morphing: [],
        routedAt: new Date(),
        completedAt: null,
        errorMessage: null,
      }),
    );
    const d = await deliveries.save(
      deliveries.create({
        instanceId: i.id,
        storageBackendId: b.id,
        ruleId: null,
        outputKey: '',
        outputPath: '/spool/x.dcm',
        status: DeliveryStatus.Failed,
        attempts: 8,
        lastError: 'connection refused',
      }),
    );

    const dash = await user(t.http().get('/api/v1/dashboard/status')).expect(200);
    expect(dash.body).toMatchObject({
      status: 'ok',
      database: { status: 'ok' },
      ledger: { dead_lettered: 1, instances_by_state: expect.objectContaining({ failed: 1 }) },
    });
    expect(Array.isArray(dash.body.dimse_listeners)).toBe(true);
    await t.http().get('/api/v1/system/health').expect(200);
    for (const path of [
      'dimse-listeners/status',
      'dicomweb-pollers/status',
      'dimse-qr-sources/status',
      'input-sources',
    ]) {
      await user(t.http().get(`/api/v1/system/${path}`)).expect(200);
    }
    const sources = await user(t.http().get('/api/v1/system/input-sources')).expect(200);
    expect(sources.body.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['api_json', 'stow_rs']));

    const failed = await user(t.http().get('/api/v1/deliveries?status=failed')).expect(200);
    expect(failed.body).toEqual([
      expect.objectContaining({
        id: d.id,
        status: 'failed',
        attempts: 8,
        last_error: 'connection refused',
        storage_backend_name: 'ledger-dest',
      }),
    ]);
    const history = await user(t.http().get(`/api/v1/instances/${i.id}`)).expect(200);
    expect(history.body).toMatchObject({
      sop_instance_uid: '1.2.3.4.5',
      matched_rules: [expect.objectContaining({ rule_id: 1 })],
      deliveries: [expect.objectContaining({ id: d.id })],
    });
    const list = await user(t.http().get('/api/v1/instances?state=failed&study_instance_uid=1.2.3')).expect(200);
    expect(list.body.map((x: { id: number }) => x.id)).toEqual([i.id]);
    await user(t.http().get('/api/v1/instances?state=lost')).expect(422);
    await user(t.http().post(`/api/v1/deliveries/${d.id}/retry`)).expect(403);
    const retried = await admin(t.http().post(`/api/v1/instances/${i.id}/retry`)).expect(200);
    expect(retried.body).toEqual({ retried: 1 });
    expect(await deliveries.findOneByOrFail({ id: d.id })).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await instances.findOneByOrFail({ id: i.id })).state).toBe('routed');
    await admin(t.http().post(`/api/v1/deliveries/${d.id}/retry`)).expect(409);
    await admin(t.http().post('/api/v1/deliveries/999999/retry')).expect(404);
  });
}
