import type { Repository } from 'typeorm';
import { DeliveryStatus, InstanceState, Messages, RoleName, SourceType } from '@axiom/domain';
import { MessagePublisher } from '@axiom/messaging';
import { AuditLogEntity, DeliveryEntity, InstanceEntity, DestinationEntity } from '@axiom/persistence';
import { filesystemBackendFields } from '@axiom/testing';
import { tableOf } from '../../testing/tables';
import { Dialect, TestApp, createTestApp } from '../../testing/test-app';

/** The ledger routes on a real database: held backlog, discard, immediate retry, delivery detail. */
export function ledgerScenarios(dialect: Dialect): void {
  let t: TestApp;
  let published: { name: string; payload: unknown }[];
  let seq = 0;
  const repo = <E extends object>(entity: new () => E): Repository<E> => tableOf(t, entity);
  const auth = (key = t.adminKey) => ['Authorization', `Api-Key ${key}`] as const;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    published = [];
    const publisher = t.app.get(MessagePublisher);
    jest.spyOn(publisher, 'publish').mockImplementation(async (name, payload) => {
      published.push({ name, payload });
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  async function seed(
    status: DeliveryStatus,
    backend: DestinationEntity,
    state = InstanceState.Routed,
  ): Promise<{ instance: InstanceEntity; delivery: DeliveryEntity }> {
    seq++;
    const instance = await repo(InstanceEntity).save(
      repo(InstanceEntity).create({
        sourceType: SourceType.DimseListener,
        sourceName: 'default',
        callingAeTitle: null,
        calledAeTitle: null,
        peerAddress: null,
        studyInstanceUid: `1.2.3.${seq}`,
        seriesInstanceUid: `1.2.3.${seq}.1`,
        sopInstanceUid: `1.2.3.${seq}.1.1`,
        sopClassUid: '1.2.840.10008.5.1.4.1.1.7',
        transferSyntaxUid: '1.2.840.10008.1.2.1',
        spoolPath: `/spool/${seq}.dcm`,
        sizeBytes: 10,
        receivedAt: new Date(),
        state,
        routedAt: new Date(),
        completedAt: null,
        matchedRules: [],
        morphing: [],
        errorMessage: null,
      }),
    );
    const delivery = await repo(DeliveryEntity).save(
      repo(DeliveryEntity).create({
        instanceId: instance.id,
        storageBackendId: backend.id,
        ruleId: null,
        outputKey: '',
        outputPath: instance.spoolPath,
        status,
        attempts: 0,
        lastError: null,
        nextAttemptAt: null,
        deliveredAt: status === DeliveryStatus.Delivered ? new Date() : null,
        detail:
          status === DeliveryStatus.Delivered
            ? 'PACS@10.0.0.5:104 status Success (transcoded to 1.2.840.10008.1.2.1)'
            : null,
      }),
    );
    return { instance, delivery };
  }

  const backend = (name: string, isEnabled: boolean) =>
    repo(DestinationEntity).save(
      repo(DestinationEntity).create(filesystemBackendFields(`/out/${name}`, { name, isEnabled })),
    );

  it('shows held deliveries as held in the instance history and under ?status=held, and the delivery detail', async () => {
    const paused = await backend('paused-a', false);
    const { instance, delivery } = await seed(DeliveryStatus.Held, paused);
    const delivered = await seed(DeliveryStatus.Delivered, paused, InstanceState.Completed);
    const history = await t
      .http()
      .get(`/api/v1/instances/${instance.id}`)
      .set(...auth())
      .expect(200);
    expect(history.body).toMatchObject({
      state: 'routed',
      routing_attempts: 0,
      deliveries: [{ id: delivery.id, status: 'held', detail: null }],
    });
    const held = await t
      .http()
      .get('/api/v1/deliveries?status=held')
      .set(...auth())
      .expect(200);
    expect((held.body as { id: number }[]).map((d) => d.id)).toContain(delivery.id);
    const done = await t
      .http()
      .get(`/api/v1/instances/${delivered.instance.id}`)
      .set(...auth())
      .expect(200);
    expect(done.body.deliveries[0].detail).toBe('PACS@10.0.0.5:104 status Success (transcoded to 1.2.840.10008.1.2.1)');
  });

  it("discards a held backlog on an admin's request only: failed (retryable), instance failed when nothing else is open, audited", async () => {
    const paused = await backend('paused-b', false);
    const other = await backend('paused-c', false);
    const a = await seed(DeliveryStatus.Held, paused);
    const b = await seed(DeliveryStatus.Held, paused);
    const untouched = await seed(DeliveryStatus.Held, other);
    const userKey = await t.keyFor(`user-${dialect}@example.org`, [RoleName.User]);
    await t
      .http()
      .post('/api/v1/deliveries/discard')
      .set(...auth(userKey))
      .send({ storage_backend_id: paused.id })
      .expect(403);
    await t
      .http()
      .post('/api/v1/deliveries/discard')
      .set(...auth())
      .send({})
      .expect(422);
    await t
      .http()
      .post('/api/v1/deliveries/discard')
      .set(...auth())
      .send({ storage_backend_id: 99999 })
      .expect(404);
    const res = await t
      .http()
      .post('/api/v1/deliveries/discard')
      .set(...auth())
      .send({ storage_backend_id: paused.id })
      .expect(200);
    expect(res.body).toEqual({ discarded: 2 });
    for (const { instance, delivery } of [a, b]) {
      expect(await repo(DeliveryEntity).findOneByOrFail({ id: delivery.id })).toMatchObject({
        status: DeliveryStatus.Failed,
        lastError: expect.stringMatching(/discarded by .* while held/),
      });
      expect((await repo(InstanceEntity).findOneByOrFail({ id: instance.id })).state).toBe(InstanceState.Failed);
    }
    expect((await repo(DeliveryEntity).findOneByOrFail({ id: untouched.delivery.id })).status).toBe(
      DeliveryStatus.Held,
    );
    const audit = await repo(AuditLogEntity).find({
      where: { entityType: 'storage_backend', entityId: String(paused.id) },
    });
    expect(audit).toHaveLength(1);
  });

  it("releases a destination's held backlog at once when it is enabled again, and nobody else's", async () => {
    const paused = await backend('paused-d', false);
    const stillPaused = await backend('paused-e', false);
    const held = [await seed(DeliveryStatus.Held, paused), await seed(DeliveryStatus.Held, paused)];
    const other = await seed(DeliveryStatus.Held, stillPaused);
    published.length = 0;
    await t
      .http()
      .patch(`/api/v1/config/storage-backends/${paused.id}`)
      .set(...auth())
      .send({ description: 'still paused' })
      .expect(200);
    expect(published).toEqual([]); // not enabled by that change: nothing released
    await t
      .http()
      .patch(`/api/v1/config/storage-backends/${paused.id}`)
      .set(...auth())
      .send({ is_enabled: true })
      .expect(200);
    const statusOf = async (id: number) => (await repo(DeliveryEntity).findOneByOrFail({ id })).status;
    for (const { delivery } of held) expect(await statusOf(delivery.id)).toBe(DeliveryStatus.Pending);
    expect(await statusOf(other.delivery.id)).toBe(DeliveryStatus.Held);
    expect(published).toEqual(
      held.map(({ delivery }) => ({ name: Messages.DeliveryRequested, payload: { deliveryId: delivery.id } })),
    );
  });

  it('publishes a retried dead letter at once (delivery and instance routes)', async () => {
    const live = await backend('live', true);
    const one = await seed(DeliveryStatus.Failed, live, InstanceState.Failed);
    const two = await seed(DeliveryStatus.Failed, live, InstanceState.Failed);
    published.length = 0;
    await t
      .http()
      .post(`/api/v1/deliveries/${one.delivery.id}/retry`)
      .set(...auth())
      .expect(200);
    await t
      .http()
      .post(`/api/v1/instances/${two.instance.id}/retry`)
      .set(...auth())
      .expect(200);
    expect(published).toEqual([
      { name: Messages.DeliveryRequested, payload: { deliveryId: one.delivery.id } },
      { name: Messages.DeliveryRequested, payload: { deliveryId: two.delivery.id } },
    ]);
  });
}
