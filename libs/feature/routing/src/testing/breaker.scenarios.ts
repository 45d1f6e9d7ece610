import type { DestinationAdapter, OutgoingInstance } from '@axiom/destinations';
import { DeliveryError } from '@axiom/destinations';
import { BreakerState, DeliveryStatus, Messages, DestinationType } from '@axiom/domain';
import { BreakerRepository, DeliveryEntity, DestinationEntity } from '@axiom/persistence';
import { Dialect, RoutingHarness, createRoutingHarness } from './routing-harness';

/** A peer that is down (connection refused) until the test brings it back. */
class FlakyPeer implements DestinationAdapter {
  readonly type = DestinationType.Filesystem;
  up = false;
  sends = 0;

  async send(instance: OutgoingInstance): Promise<{ detail: string }> {
    this.sends++;
    if (!this.up)
      throw new DeliveryError(
        'C-STORE to PACS@127.0.0.1:104 failed: cannot connect to PACS@127.0.0.1:104: connect ECONNREFUSED 127.0.0.1:104',
      );
    return { detail: `stored ${instance.sopInstanceUid}` };
  }

  async probe(): Promise<{ ok: boolean; step: string; message: string }> {
    return { ok: this.up, step: 'connect', message: '' };
  }
}

/** The circuit breaker on a real database of the dialect: opens, holds deliveries without attempts, probes, closes and releases. */
export function breakerScenarios(dialect: Dialect): void {
  let h: RoutingHarness;
  let peer: FlakyPeer;
  let backend: DestinationEntity;
  beforeAll(async () => {
    h = await createRoutingHarness(dialect, {
      DELIVERY_MAX_ATTEMPTS: '3',
      DELIVERY_BACKOFF_BASE_MS: '10',
      DELIVERY_BACKOFF_MAX_MS: '20',
      BREAKER_FAILURE_THRESHOLD: '2',
      BREAKER_PROBE_INTERVAL_MS: '300',
    });
    peer = new FlakyPeer();
    jest.spyOn(h.delivery.registry, 'get').mockReturnValue(peer);
    backend = await h.backend('flaky');
    await h.rule([backend]);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const breakers = () => h.app.get(BreakerRepository);
  const row = (id: number) => h.db.getRepository(DeliveryEntity).findOneByOrFail({ id });
  const routed = async (): Promise<number> => {
    const instance = await h.receive();
    await h.routing.route(instance.id);
    const [d] = await h.db.getRepository(DeliveryEntity).find({ where: { instanceId: instance.id } });
    return (d as DeliveryEntity).id;
  };

  it('opens after the threshold, then holds deliveries without spending attempts, probes once due, and releases everything when a probe gets through', async () => {
    const ids = [await routed(), await routed(), await routed(), await routed()];
    await h.delivery.deliver(ids[0] as number);
    expect(await row(ids[0] as number)).toEqual(
      expect.objectContaining({ status: DeliveryStatus.RetryWait, attempts: 1 }),
    );
    // the second consecutive failure opens the breaker: that attempt is given back
    await h.delivery.deliver(ids[1] as number);
    const open = (await breakers().list()).find((b) => b.storageBackendId === backend.id);
    expect(open).toEqual(expect.objectContaining({ state: BreakerState.Open, consecutiveFailures: 2 }));
    expect(open?.nextProbeAt?.getTime()).toBeGreaterThan(Date.now());
    expect(await row(ids[1] as number)).toEqual(
      expect.objectContaining({ status: DeliveryStatus.RetryWait, attempts: 0 }),
    );
    // while open: no send, no attempt, the delivery waits for the probe time
    const sendsBefore = peer.sends;
    await h.delivery.deliver(ids[2] as number);
    expect(peer.sends).toBe(sendsBefore);
    expect(await row(ids[2] as number)).toEqual(
      expect.objectContaining({ status: DeliveryStatus.RetryWait, attempts: 0 }),
    );
    // a probe that fails spends no attempt either and opens it again
    await new Promise((r) => setTimeout(r, 1400)); // past the probe time and this process's one-second view
    await h.delivery.deliver(ids[3] as number);
    expect(peer.sends).toBe(sendsBefore + 1);
    expect(await row(ids[3] as number)).toEqual(
      expect.objectContaining({ status: DeliveryStatus.RetryWait, attempts: 0 }),
    );
    expect((await breakers().list()).find((b) => b.storageBackendId === backend.id)?.state).toBe(BreakerState.Open);
    // the peer is back: the next probe closes the breaker and every waiting delivery goes at once
    peer.up = true;
    await new Promise((r) => setTimeout(r, 400));
    // the sweeper's part for the probing delivery alone: it is due again
    await h.db.getRepository(DeliveryEntity).update(ids[3] as number, { status: DeliveryStatus.Pending });
    const before = h.published(Messages.DeliveryRequested);
    await h.delivery.deliver(ids[3] as number);
    // the three others went back to pending and were published at once, not at their retry time
    for (const id of ids.slice(0, 3)) expect((await row(id)).status).toBe(DeliveryStatus.Pending);
    expect(h.published(Messages.DeliveryRequested)).toBe(before + 3);
    expect((await breakers().list()).find((b) => b.storageBackendId === backend.id)).toEqual(
      expect.objectContaining({ state: BreakerState.Closed, consecutiveFailures: 0 }),
    );
    expect(await row(ids[3] as number)).toEqual(
      expect.objectContaining({ status: DeliveryStatus.Delivered, attempts: 1 }),
    );
    for (const id of ids.slice(0, 3)) await h.delivery.deliver(id);
    for (const id of ids) expect((await row(id)).status).toBe(DeliveryStatus.Delivered);
    expect(Math.max(...(await Promise.all(ids.map(row))).map((d) => d.attempts))).toBeLessThan(3);
  });
}
