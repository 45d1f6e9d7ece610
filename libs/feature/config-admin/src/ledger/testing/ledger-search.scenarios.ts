import type { Repository } from 'typeorm';
import { DeliveryErrorClass, DeliveryStatus, InstanceState, Messages, RoleName, SourceType } from '@axiom/domain';
import { MessagePublisher } from '@axiom/messaging';
import { AuditLogEntity, DeliveryEntity, InstanceEntity, DestinationEntity } from '@axiom/persistence';
import { filesystemBackendFields } from '@axiom/testing';
import { tableOf } from '../../testing/tables';
import { Dialect, TestApp, createTestApp } from '../../testing/test-app';

interface Seeded {
  patientId: string | null;
  patientName: string | null;
  accessionNumber: string | null;
  sourceType: SourceType;
  sourceName: string;
  receivedAt: Date;
  state?: InstanceState;
}

/** The console's instance search and bulk retry of dead letters, on a real database. */
export function ledgerSearchScenarios(dialect: Dialect): void {
  let t: TestApp;
  let published: { name: string; payload: unknown }[];
  let seq = 0;
  const repo = <E extends object>(entity: new () => E): Repository<E> => tableOf(t, entity);
  const auth = (key = t.adminKey) => ['Authorization', `Api-Key ${key}`] as const;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    published = [];
    jest.spyOn(t.app.get(MessagePublisher), 'publish').mockImplementation(async (name, payload) => {
      published.push({ name, payload });
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  async function instance(s: Seeded): Promise<InstanceEntity> {
    seq++;
    return repo(InstanceEntity).save(
      repo(InstanceEntity).create({
        ...s,
        state: s.state ?? InstanceState.Completed,
        callingAeTitle: null,
        calledAeTitle: null,
        peerAddress: null,
        studyInstanceUid: `2.25.${seq}`,
        seriesInstanceUid: `2.25.${seq}.1`,
        sopInstanceUid: `2.25.${seq}.1.1`,
        sopClassUid: '1.2.840.10008.5.1.4.1.1.7',
        transferSyntaxUid: '1.2.840.10008.1.2.1',
        spoolPath: `/spool/${seq}.dcm`,
        sizeBytes: 10,
        routedAt: null,
        completedAt: null,
        matchedRules: [],
        morphing: [],
        errorMessage: null,
      }),
    );
  }

  async function failedDelivery(
    backend: DestinationEntity,
    errorClass: DeliveryErrorClass = DeliveryErrorClass.ConnectionRefused,
  ): Promise<DeliveryEntity> {
    const i = await instance({
      patientId: null,
      patientName: null,
      accessionNumber: null,
      sourceType: SourceType.StowRs,
      sourceName: 'stow_rs',
      receivedAt: new Date(),
      state: InstanceState.Failed,
    });
    return repo(DeliveryEntity).save(
      repo(DeliveryEntity).create({
        instanceId: i.id,
        storageBackendId: backend.id,
        ruleId: null,
        outputKey: '',
        outputPath: i.spoolPath,
        status: DeliveryStatus.Failed,
        attempts: 5,
        lastError: 'connection refused',
        errorClass,
        nextAttemptAt: null,
        deliveredAt: null,
        detail: null,
      }),
    );
  }

  const backend = (name: string) =>
    repo(DestinationEntity).save(repo(DestinationEntity).create(filesystemBackendFields(`/out/${name}`, { name })));

  const search = async (query: string): Promise<number[]> =>
    (
      (
        await t
          .http()
          .get(`/api/v1/instances?${query}`)
          .set(...auth())
          .expect(200)
      ).body as { id: number }[]
    ).map((r) => r.id);

  it('filters by patient, accession, study, source, state and receive time; each filter narrows', async () => {
    const jan = await instance({
      patientId: 'P-1',
      patientName: 'Doe^Jane',
      accessionNumber: 'ACC1',
      sourceType: SourceType.DimseListener,
      sourceName: 'ct-room',
      receivedAt: new Date('2026-01-10T10:00:00Z'),
    });
    const feb = await instance({
      patientId: 'P-2',
      patientName: 'DOEBERT^John',
      accessionNumber: 'ACC2',
      sourceType: SourceType.StowRs,
      sourceName: 'stow_rs',
      receivedAt: new Date('2026-02-10T10:00:00Z'),
      state: InstanceState.Failed,
    });
    const other = await instance({
      patientId: 'P-3',
      patientName: 'Smith^A_b%',
      accessionNumber: null,
      sourceType: SourceType.DimseListener,
      sourceName: 'mr-room',
      receivedAt: new Date('2026-03-10T10:00:00Z'),
    });
    const ours = [jan.id, feb.id, other.id];
    const within = (ids: number[]) => ids.filter((id) => ours.includes(id));

    expect(await search('patient_id=P-1')).toEqual([jan.id]);
    expect(within(await search('patient_name=doe'))).toEqual([feb.id, jan.id]);
    expect(await search('patient_name=JANE')).toEqual([jan.id]);
    expect(await search('patient_name=a_b%25')).toEqual([other.id]); // wildcards typed by a person are literal
    expect(await search('patient_name=a%25')).toEqual([]);
    expect(await search('accession_number=ACC2')).toEqual([feb.id]);
    expect(await search(`study_instance_uid=${other.studyInstanceUid}`)).toEqual([other.id]);
    expect(within(await search('source_type=dimse_listener'))).toEqual([other.id, jan.id]);
    expect(await search('source_name=mr-room')).toEqual([other.id]);
    expect(within(await search('state=failed'))).toEqual([feb.id]);
    expect(within(await search('received_after=2026-02-10T10:00:00Z&received_before=2026-03-10T10:00:00Z'))).toEqual([
      feb.id,
    ]);
    expect(within(await search('received_before=2026-02-01T00:00:00.000Z'))).toEqual([jan.id]);
    expect(await search('patient_name=doe&source_type=stow_rs&received_after=2026-02-01T00:00:00Z')).toEqual([feb.id]);

    const row = (
      await t
        .http()
        .get(`/api/v1/instances/${jan.id}`)
        .set(...auth())
        .expect(200)
    ).body as Record<string, unknown>;
    expect(row).toMatchObject({ patient_id: 'P-1', patient_name: 'Doe^Jane', accession_number: 'ACC1' });
    await t
      .http()
      .get('/api/v1/instances?received_after=yesterday')
      .set(...auth())
      .expect(422);
    await t
      .http()
      .get('/api/v1/instances?source_type=fax')
      .set(...auth())
      .expect(422);
  });

  it('lists the deliveries of one storage backend', async () => {
    const a = await backend(`list-a-${dialect}`);
    const b = await backend(`list-b-${dialect}`);
    const da = await failedDelivery(a);
    await failedDelivery(b);
    const listed = (
      await t
        .http()
        .get(`/api/v1/deliveries?status=failed&storage_backend_id=${a.id}`)
        .set(...auth())
        .expect(200)
    ).body as { id: number; storage_backend_name: string }[];
    expect(listed.map((d) => [d.id, d.storage_backend_name])).toEqual([[da.id, a.name]]);
  });

  it('lists deliveries by why they failed (error_class), and refuses a class it does not know', async () => {
    const a = await backend(`class-a-${dialect}`);
    const refused = await failedDelivery(a);
    const timedOut = await failedDelivery(a, DeliveryErrorClass.Timeout);
    const byClass = async (c: string) =>
      (
        (
          await t
            .http()
            .get(`/api/v1/deliveries?storage_backend_id=${a.id}&error_class=${c}`)
            .set(...auth())
            .expect(200)
        ).body as { id: number; error_class: string }[]
      ).map((d) => [d.id, d.error_class]);
    expect(await byClass('timeout')).toEqual([[timedOut.id, 'timeout']]);
    expect(await byClass('connection_refused')).toEqual([[refused.id, 'connection_refused']]);
    const bad = await t
      .http()
      .get('/api/v1/deliveries?error_class=gremlins')
      .set(...auth())
      .expect(422);
    expect(JSON.stringify(bad.body)).toContain('error_class');
  });

  it('retries a selection or all dead letters of a storage backend, at once and audited; only an admin may', async () => {
    const a = await backend(`retry-a-${dialect}`);
    const b = await backend(`retry-b-${dialect}`);
    const [a1, a2, a3] = [await failedDelivery(a), await failedDelivery(a), await failedDelivery(a)];
    const b1 = await failedDelivery(b);
    const userKey = await t.keyFor(`bulk-user-${dialect}@example.org`, [RoleName.User]);
    await t
      .http()
      .post('/api/v1/deliveries/retry')
      .set(...auth(userKey))
      .send({ storage_backend_id: a.id })
      .expect(403);
    await t
      .http()
      .post('/api/v1/deliveries/retry')
      .set(...auth())
      .send({})
      .expect(422);
    await t
      .http()
      .post('/api/v1/deliveries/retry')
      .set(...auth())
      .send({ delivery_ids: [] })
      .expect(422);
    await t
      .http()
      .post('/api/v1/deliveries/retry')
      .set(...auth())
      .send({ storage_backend_id: 99999 })
      .expect(404);

    published.length = 0;
    const selection = await t
      .http()
      .post('/api/v1/deliveries/retry')
      .set(...auth())
      .send({ delivery_ids: [a1.id, b1.id] })
      .expect(200);
    expect(selection.body).toEqual({ retried: 2 });
    expect(published).toEqual(
      [a1.id, b1.id].map((deliveryId) => ({ name: Messages.DeliveryRequested, payload: { deliveryId } })),
    );
    const again = await t
      .http()
      .post('/api/v1/deliveries/retry')
      .set(...auth())
      .send({ delivery_ids: [a1.id] })
      .expect(200);
    expect(again.body).toEqual({ retried: 0 }); // already pending: left alone

    published.length = 0;
    const all = await t
      .http()
      .post('/api/v1/deliveries/retry')
      .set(...auth())
      .send({ storage_backend_id: a.id })
      .expect(200);
    expect(all.body).toEqual({ retried: 2 });
    expect(published.map((p) => (p.payload as { deliveryId: number }).deliveryId)).toEqual([a2.id, a3.id]);
    for (const d of [a1, a2, a3, b1]) {
      expect(await repo(DeliveryEntity).findOneByOrFail({ id: d.id })).toMatchObject({
        status: DeliveryStatus.Pending,
        attempts: 0,
      });
      expect((await repo(InstanceEntity).findOneByOrFail({ id: d.instanceId })).state).toBe(InstanceState.Routed);
    }
    const audit = await repo(AuditLogEntity).find({ where: { entityType: 'storage_backend', entityId: String(a.id) } });
    expect(audit.map((e) => e.before)).toEqual([{ failed_delivery_ids: [a2.id, a3.id] }]);
  });
}
