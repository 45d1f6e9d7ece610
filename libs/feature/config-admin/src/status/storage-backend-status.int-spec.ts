import { DeliveryStatus } from '@axiom/domain';
import { DeliveryEntity, InstanceEntity } from '@axiom/persistence';
import { deliveryFields, filesystemBackendBody, instanceFields } from '@axiom/testing';
import { tableOf } from '../testing/tables';
import { createTestApp, type Dialect, type TestApp } from '../testing/test-app';

/** The dashboard's storage backends, each with its deliveries by status. */
describe.each<Dialect>(['sqlite', 'postgres'])('dashboard storage backends on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  }, 60_000);
  afterAll(async () => t?.close());

  async function backend(name: string, dir: string): Promise<number> {
    const res = await t
      .http()
      .post('/api/v1/config/storage-backends')
      .set('X-API-Key', t.adminKey)
      .send(filesystemBackendBody(`/srv/axiom-out/${dir}`, { name }))
      .expect(201);
    return res.body.id as number;
  }

  it("counts each backend's deliveries per status, zeros included", async () => {
    const a = await backend('dest-a', 'a');
    const b = await backend('dest-b', 'b');
    const instances = tableOf(t, InstanceEntity);
    const deliveries = tableOf(t, DeliveryEntity);
    const instance = await instances.save(instances.create(instanceFields()));
    const delivery = (storageBackendId: number, status: DeliveryStatus, outputKey: string): DeliveryEntity =>
      deliveries.create(deliveryFields(instance.id, storageBackendId, { outputKey, status }));
    await deliveries.save([
      delivery(a, DeliveryStatus.Delivered, 'o1'),
      delivery(a, DeliveryStatus.Delivered, 'o2'),
      delivery(a, DeliveryStatus.Failed, 'o3'),
      delivery(b, DeliveryStatus.Pending, 'o1'),
    ]);

    const res = await t.http().get('/api/v1/dashboard/status').set('X-API-Key', t.adminKey).expect(200);
    const byName = new Map(
      (
        res.body.storage_backends as {
          name: string;
          backend_type: string;
          is_enabled: boolean;
          deliveries_by_status: Record<string, number>;
        }[]
      ).map((d) => [d.name, d]),
    );
    expect(byName.get('dest-a')).toMatchObject({
      backend_type: 'filesystem',
      is_enabled: true,
      deliveries_by_status: { delivered: 2, failed: 1, pending: 0 },
    });
    expect(byName.get('dest-b')?.deliveries_by_status).toMatchObject({ pending: 1, delivered: 0, failed: 0 });
  });
});
