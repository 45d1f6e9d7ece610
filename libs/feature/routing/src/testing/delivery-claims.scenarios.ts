import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DestinationAdapter, OutgoingInstance } from '@axiom/destinations';
import { DeliveryError } from '@axiom/destinations';
import { DeliveryErrorClass, DeliveryStatus, InstanceState, Messages, DestinationType } from '@axiom/domain';
import { DeliveryEntity, LedgerRepository, DestinationEntity } from '@axiom/persistence';
import { Dialect, RoutingHarness, createRoutingHarness } from './routing-harness';

/** A destination that does what the test says: succeed, fail (transiently or for good), or wait for a gate. */
class ScriptedDestination implements DestinationAdapter {
  readonly type = DestinationType.Filesystem;
  readonly sent: OutgoingInstance[] = [];
  behaviour: 'ok' | 'transient' | 'permanent' = 'ok';
  private gate: Promise<void> | null = null;
  private open: () => void = () => undefined;

  hold(): void {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }

  release(): void {
    this.open();
    this.gate = null;
  }

  async send(instance: OutgoingInstance): Promise<{ detail: string }> {
    this.sent.push(instance);
    if (this.gate) await this.gate;
    if (!existsSync(instance.path)) throw new DeliveryError(`ENOENT: ${instance.path}`, false);
    if (this.behaviour === 'transient') throw new DeliveryError('peer busy', false);
    if (this.behaviour === 'permanent') throw new DeliveryError('peer refused the object', true);
    return { detail: `stored ${instance.sopInstanceUid}` };
  }
}

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Claims, leases, outcomes, completion and the error path, on a real database of the dialect. */
export function deliveryClaimScenarios(dialect: Dialect): void {
  let h: RoutingHarness;
  let destination: ScriptedDestination;
  let backend: DestinationEntity;
  beforeAll(async () => {
    h = await createRoutingHarness(dialect, {
      DELIVERY_MAX_ATTEMPTS: '2',
      DELIVERY_BACKOFF_BASE_MS: '10',
      DELIVERY_BACKOFF_MAX_MS: '20',
      DELIVERY_CLAIM_LEASE_MS: '1000',
      // a small lane: one send and two waiting, so a backlog of a few overflows it
      DELIVERY_DESTINATION_CONCURRENCY: '1',
      DELIVERY_DESTINATION_QUEUE: '2',
    });
    destination = new ScriptedDestination();
    jest.spyOn(h.delivery.registry, 'get').mockReturnValue(destination);
    backend = await h.backend('scripted');
    await h.rule([backend]);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    destination.behaviour = 'ok';
    destination.sent.length = 0;
  });

  const ledger = () => h.app.get(LedgerRepository);
  const delivery = (id: number) => h.db.getRepository(DeliveryEntity).findOneByOrFail({ id });
  async function routedDelivery(): Promise<{ instanceId: number; spoolPath: string; deliveryId: number }> {
    const instance = await h.receive();
    await h.routing.route(instance.id);
    const rows = await h.db.getRepository(DeliveryEntity).find({ where: { instanceId: instance.id } });
    expect(rows).toHaveLength(1);
    return { instanceId: instance.id, spoolPath: instance.spoolPath, deliveryId: (rows[0] as DeliveryEntity).id };
  }

  it('records the output facts on the delivery row at routing time, and sends from them', async () => {
    const { instanceId, deliveryId } = await routedDelivery();
    const instance = await h.instance(instanceId);
    expect(await delivery(deliveryId)).toEqual(
      expect.objectContaining({
        outputSopInstanceUid: instance.sopInstanceUid,
        outputStudyInstanceUid: instance.studyInstanceUid,
        outputDatasetOffset: expect.any(Number),
      }),
    );
    await h.delivery.deliver(deliveryId);
    expect(destination.sent).toEqual([
      expect.objectContaining({ sopInstanceUid: instance.sopInstanceUid, studyInstanceUid: instance.studyInstanceUid }),
    ]);
  });

  it('sends a delivery exactly once when two consumers race for it', async () => {
    const { instanceId, spoolPath, deliveryId } = await routedDelivery();
    destination.hold();
    const first = h.delivery.deliver(deliveryId);
    const second = h.delivery.deliver(deliveryId);
    await until(() => destination.sent.length > 0, 'the first send');
    expect((await delivery(deliveryId)).status).toBe(DeliveryStatus.Sending);
    // a third message while the send is in progress finds the live claim and does nothing
    await h.delivery.deliver(deliveryId);
    // the files stay while a claim is live
    expect(existsSync(spoolPath)).toBe(true);
    destination.release();
    await Promise.all([first, second]);
    expect(destination.sent).toHaveLength(1);
    expect(await delivery(deliveryId)).toEqual(
      expect.objectContaining({ status: DeliveryStatus.Delivered, attempts: 1, claimOwner: null }),
    );
    expect((await h.instance(instanceId)).state).toBe(InstanceState.Completed);
    expect(existsSync(spoolPath)).toBe(false);
  });

  it('does not republish a delivery whose message is queued or whose claim is live; releases an expired claim once', async () => {
    const { deliveryId } = await routedDelivery();
    const before = h.published(Messages.DeliveryRequested);
    await h.sweeper.sweep(60_000);
    expect(h.published(Messages.DeliveryRequested)).toBe(before); // pending, its message still queued
    destination.hold();
    const sending = h.delivery.deliver(deliveryId);
    await until(() => destination.sent.length > 0, 'the send');
    await h.sweeper.sweep(60_000);
    expect(h.published(Messages.DeliveryRequested)).toBe(before); // claim live (renewed)
    // the sender "dies": its claim is left unrenewed past the lease
    await h.db.getRepository(DeliveryEntity).update(deliveryId, { claimedAt: new Date(Date.now() - 5000) });
    await h.sweeper.sweep(60_000);
    expect(h.published(Messages.DeliveryRequested)).toBe(before + 1);
    expect((await delivery(deliveryId)).status).toBe(DeliveryStatus.Pending);
    // the late first sender must not write its outcome over the released row
    destination.release();
    await sending;
    expect((await delivery(deliveryId)).status).toBe(DeliveryStatus.Pending);
    await h.delivery.deliver(deliveryId);
    expect(await delivery(deliveryId)).toEqual(
      expect.objectContaining({ status: DeliveryStatus.Delivered, attempts: 2 }),
    );
  });

  it('publishes again, once a lease, a delivery left pending whose message was lost', async () => {
    const { deliveryId } = await routedDelivery();
    const before = h.published(Messages.DeliveryRequested);
    // a release whose publish never happened: pending, untouched for longer than a lease
    await h.db
      .getRepository(DeliveryEntity)
      .update(deliveryId, { updatedAt: new Date(Date.now() - h.config.delivery.claimLeaseMs - 1000) });
    await h.sweeper.sweep(60_000);
    expect(h.published(Messages.DeliveryRequested)).toBe(before + 1);
    await h.sweeper.sweep(60_000);
    expect(h.published(Messages.DeliveryRequested)).toBe(before + 1); // touched: not again within the lease
    await h.delivery.deliver(deliveryId);
    expect(await delivery(deliveryId)).toEqual(
      expect.objectContaining({ status: DeliveryStatus.Delivered, attempts: 1 }),
    );
  });

  it('waits with backoff, dead-letters after the last attempt, moves the files to the error path, and a retry sends from there', async () => {
    const { instanceId, spoolPath, deliveryId } = await routedDelivery();
    destination.behaviour = 'transient';
    await h.delivery.deliver(deliveryId);
    const waiting = await delivery(deliveryId);
    expect(waiting).toEqual(
      expect.objectContaining({
        status: DeliveryStatus.RetryWait,
        attempts: 1,
        lastError: 'peer busy',
        errorClass: DeliveryErrorClass.Other,
      }),
    );
    expect(waiting.nextAttemptAt).not.toBeNull();
    await until(async () => (await ledger().releaseDue(new Date(), 10)).includes(deliveryId), 'the retry time');
    await h.delivery.deliver(deliveryId);
    expect(await delivery(deliveryId)).toEqual(
      expect.objectContaining({ status: DeliveryStatus.Failed, attempts: 2, errorClass: DeliveryErrorClass.Other }),
    );
    const failed = await h.instance(instanceId);
    expect(failed.state).toBe(InstanceState.Failed);
    const kept = join(h.config.errorPath, 'failed', String(instanceId));
    expect(failed.spoolPath.startsWith(kept)).toBe(true);
    expect(existsSync(failed.spoolPath)).toBe(true);
    expect(existsSync(spoolPath)).toBe(false);
    expect((await delivery(deliveryId)).outputPath).toBe(failed.spoolPath);
    // a person's retry works from the error path
    destination.behaviour = 'ok';
    expect(await h.delivery.retryFailed({ deliveryIds: [deliveryId] })).toEqual([deliveryId]);
    await h.delivery.deliver(deliveryId);
    expect(destination.sent.at(-1)?.path).toBe(failed.spoolPath);
    expect(await delivery(deliveryId)).toEqual(
      expect.objectContaining({ status: DeliveryStatus.Delivered, lastError: null, errorClass: null }),
    );
    expect((await h.instance(instanceId)).state).toBe(InstanceState.Completed);
    expect(existsSync(failed.spoolPath)).toBe(false);
  });

  it('dead-letters a permanent failure at once', async () => {
    const { instanceId, deliveryId } = await routedDelivery();
    destination.behaviour = 'permanent';
    await h.delivery.deliver(deliveryId);
    expect(await delivery(deliveryId)).toEqual(
      expect.objectContaining({ status: DeliveryStatus.Failed, attempts: 1, errorClass: DeliveryErrorClass.Permanent }),
    );
    expect((await h.instance(instanceId)).state).toBe(InstanceState.Failed);
  });

  it('a backlog larger than the lane: the overflow waits unattempted in the ledger, the lane takes it back as it drains, each sent once', async () => {
    const backlog: number[] = [];
    for (let i = 0; i < 7; i++) backlog.push((await routedDelivery()).deliveryId);
    const rows = () => Promise.all(backlog.map((id) => delivery(id)));
    destination.hold();
    const dispatched = await Promise.all(backlog.map((id) => h.delivery.dispatch(id)));
    const held = await rows();
    expect(held.filter((r) => r.status === DeliveryStatus.Sending)).toHaveLength(3); // 1 sending + 2 in the lane
    expect(held.filter((r) => r.status === DeliveryStatus.RetryWait && r.attempts === 0)).toHaveLength(4);
    destination.release();
    await Promise.all(dispatched.map((d) => d.done));
    // what the lane took back is pending and published again; a consumer of those messages:
    await until(async () => {
      const pending = (await rows()).filter((r) => r.status === DeliveryStatus.Pending);
      const runs = await Promise.all(pending.map((r) => h.delivery.dispatch(r.id)));
      await Promise.all(runs.map((d) => d.done));
      return (await rows()).every((r) => r.status === DeliveryStatus.Delivered);
    }, 'the backlog delivered');
    expect((await rows()).map((r) => r.attempts)).toEqual(backlog.map(() => 1));
    expect(destination.sent).toHaveLength(7);
  });

  it('creates no second delivery row when the instance message is redelivered', async () => {
    const { instanceId } = await routedDelivery();
    const before = h.published(Messages.DeliveryRequested);
    await h.routing.route(instanceId);
    expect(await h.db.getRepository(DeliveryEntity).count({ where: { instanceId } })).toBe(1);
    expect(h.published(Messages.DeliveryRequested)).toBe(before + 1); // the pending one is published again
  });
}
