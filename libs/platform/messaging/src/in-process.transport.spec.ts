import { InProcessBroker, InProcessContext } from './in-process.transport';
import { PoisonMessageError } from './message-publisher';
import { settle } from './settle';

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

/** Waits for a condition, at most `ms`: fails with what it waited for instead of sleeping a fixed time. */
async function until(what: string, condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await tick(5);
  }
}

describe('InProcessBroker', () => {
  it("delivers the payload as enqueued (a later change to the caller's object does not leak) and acks on success", async () => {
    const broker = new InProcessBroker(2, 10);
    const seen: unknown[] = [];
    broker.register('p', async (payload, ctx) =>
      settle(ctx, async () => {
        seen.push(payload);
      }),
    );
    const payload = { instanceId: 1 };
    broker.enqueue('p', payload);
    payload.instanceId = 2;
    await until('the delivery and its ack', () => seen.length === 1 && broker.depth('p') === 0);
    expect(seen).toEqual([{ instanceId: 1 }]);
    broker.close();
  });

  it('redelivers after a failure and dead-letters a poison message', async () => {
    const broker = new InProcessBroker(1, 10);
    let calls = 0;
    broker.register('retry', async (_p, ctx) =>
      settle(ctx, async () => {
        calls++;
        if (calls < 3) throw new Error('database down');
      }),
    );
    broker.register('poison', async (_p, ctx) =>
      settle(ctx, async () => {
        throw new PoisonMessageError('bad payload');
      }),
    );
    broker.enqueue('retry', {});
    broker.enqueue('poison', { x: 1 });
    // the broker retries after its own delay (10 ms here)
    await until(
      'the third attempt and the dead letter',
      () => calls === 3 && broker.deadLetters.length === 1 && broker.depth('retry') === 0,
    );
    await tick(50); // no fourth attempt after the success
    expect(calls).toBe(3);
    expect(broker.deadLetters).toEqual([expect.objectContaining({ pattern: 'poison', payload: { x: 1 } })]);
    broker.close();
  });

  it('bounds concurrency per pattern', async () => {
    const broker = new InProcessBroker(2, 10);
    let running = 0;
    let peak = 0;
    let done = 0;
    broker.register('c', async (_p, ctx: InProcessContext) =>
      settle(ctx, async () => {
        running++;
        peak = Math.max(peak, running);
        await tick(30);
        running--;
        done++;
      }),
    );
    for (let i = 0; i < 10; i++) broker.enqueue('c', { i });
    await until('all ten handled', () => done === 10);
    expect(peak).toBe(2);
    broker.close();
  });
});
