import type { Repository } from 'typeorm';
import { DeliveryStatus, InstanceState, RoleName, SourceType } from '@axiom/domain';
import { DeliveryEntity, InstanceEntity, DestinationEntity } from '@axiom/persistence';
import { filesystemBackendFields } from '@axiom/testing';
import { tableOf } from '../../testing/tables';
import { Dialect, TestApp, createTestApp } from '../../testing/test-app';

interface Point {
  minute: string;
  received: number;
  delivered: number;
  failed: number;
}

const MINUTE = 60_000;

/** GET /dashboard/throughput on a real database: per-minute buckets, zeros for quiet minutes. */
export function throughputScenarios(dialect: Dialect): void {
  let t: TestApp;
  const repo = <E extends object>(entity: new () => E): Repository<E> => tableOf(t, entity);

  beforeAll(async () => {
    t = await createTestApp(dialect);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  async function received(at: Date, n: number): Promise<InstanceEntity[]> {
    const rows: InstanceEntity[] = [];
    for (let i = 0; i < n; i++) {
      const uid = `2.25.${at.getTime()}.${i}`;
      rows.push(
        await repo(InstanceEntity).save(
          repo(InstanceEntity).create({
            sourceType: SourceType.StowRs,
            sourceName: 'stow_rs',
            callingAeTitle: null,
            calledAeTitle: null,
            peerAddress: null,
            studyInstanceUid: uid,
            seriesInstanceUid: uid,
            sopInstanceUid: uid,
            sopClassUid: '1.2.840.10008.5.1.4.1.1.7',
            transferSyntaxUid: '1.2.840.10008.1.2.1',
            spoolPath: `/spool/${uid}`,
            sizeBytes: 1,
            receivedAt: at,
            state: InstanceState.Routed,
            patientId: null,
            patientName: null,
            accessionNumber: null,
          }),
        ),
      );
    }
    return rows;
  }

  it('counts received, delivered and dead-lettered per minute over the window, oldest first', async () => {
    const thisMinute = Math.floor(Date.now() / MINUTE) * MINUTE;
    const twoAgo = new Date(thisMinute - 2 * MINUTE + 5_000);
    const [first, second] = await received(twoAgo, 3);
    await received(new Date(thisMinute - 90 * MINUTE), 4); // outside a 60-minute window
    const backend = await repo(DestinationEntity).save(
      repo(DestinationEntity).create(filesystemBackendFields('/out', { name: 'throughput' })),
    );
    const delivery = (instanceId: number, status: DeliveryStatus, deliveredAt: Date | null) =>
      repo(DeliveryEntity).save(
        repo(DeliveryEntity).create({
          instanceId,
          storageBackendId: backend.id,
          ruleId: null,
          outputKey: '',
          outputPath: '/spool/x',
          status,
          attempts: 1,
          lastError: null,
          nextAttemptAt: null,
          deliveredAt,
          detail: null,
        }),
      );
    await delivery((first as InstanceEntity).id, DeliveryStatus.Delivered, new Date(thisMinute - MINUTE + 1_000));
    await delivery((second as InstanceEntity).id, DeliveryStatus.Failed, null); // dead-lettered now: updated_at is this minute

    const userKey = await t.keyFor(`chart-${dialect}@example.org`, [RoleName.User]);
    const res = await t
      .http()
      .get('/api/v1/dashboard/throughput')
      .set('Authorization', `Api-Key ${userKey}`)
      .expect(200);
    const minuteAfter = Math.floor(Date.now() / MINUTE) * MINUTE;
    const points = res.body.points as Point[];
    expect(res.body.minutes).toBe(60);
    expect(points).toHaveLength(60);
    const at = (ms: number) => points.find((p) => p.minute === new Date(ms).toISOString());
    // the newest point is the minute the request was answered in (the clock may cross one while the test runs)
    expect([thisMinute, minuteAfter].map((ms) => new Date(ms).toISOString())).toContain(points[59]?.minute);
    expect(new Date(points[59]?.minute ?? 0).getTime() - new Date(points[0]?.minute ?? 0).getTime()).toBe(59 * MINUTE);
    expect(at(thisMinute - 2 * MINUTE)).toEqual({
      minute: new Date(thisMinute - 2 * MINUTE).toISOString(),
      received: 3,
      delivered: 0,
      failed: 0,
    });
    expect(at(thisMinute - MINUTE)).toMatchObject({ received: 0, delivered: 1 });
    expect(points.reduce((sum, p) => sum + p.received, 0)).toBe(3);
    expect(points.reduce((sum, p) => sum + p.failed, 0)).toBe(1);

    const short = await t
      .http()
      .get('/api/v1/dashboard/throughput?minutes=2')
      .set('Authorization', `Api-Key ${userKey}`)
      .expect(200);
    expect((short.body.points as Point[]).map((p) => p.received)).toEqual([0, 0]);
    await t.http().get('/api/v1/dashboard/throughput?minutes=0').set('Authorization', `Api-Key ${userKey}`).expect(422);
    await t.http().get('/api/v1/dashboard/throughput').expect(401);
  });
}
