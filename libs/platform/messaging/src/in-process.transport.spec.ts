import { InProcessBroker, InProcessContext } from './in-process.transport';
import { PoisonMessageError } from './message-publisher';
import { settle } from './settle';

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('InProcessBroker', () => {
  it('delivers a copy of the payload and acks on success', async () => {
    const broker = new InProcessBroker(2, 10);
    const seen: unknown[] = [];
    broker.register('p', async (payload, ctx) => settle(ctx, async () => { seen.push(payload); }));
    const payload = { instanceId: 1 };
    broker.enqueue('p', payload);
    payload.instanceId = 2;
    await tick();
    expect(seen).toEqual([{ instanceId: 1 }]);
    expect(broker.depth('p')).toBe(0);
    broker.close();
  });

  it('redelivers after a failure and dead-letters a poison message', async () => {
    const broker = new InProcessBroker(1, 10);
    let calls = 0;
    broker.register('retry', async (_p, ctx) => settle(ctx, async () => { calls++; if (calls < 3) throw new Error('database down'); }));
    broker.register('poison', async (_p, ctx) => settle(ctx, async () => { throw new PoisonMessageError('bad payload'); }));
    broker.enqueue('retry', {});
    broker.enqueue('poison', { x: 1 });
    await tick(300); // the broker retries after its own delay (10 ms here)
    expect(calls).toBe(3);
    expect(broker.deadLetters).toEqual([expect.objectContaining({ pattern: 'poison', payload: { x: 1 } })]);
    broker.close();
  });

  it('bounds concurrency per pattern', async () => {
    const broker = new InProcessBroker(2, 10);
    let running = 0;
    let peak = 0;
    broker.register('c', async (_p, ctx: InProcessContext) => settle(ctx, async () => {
      running++;
      peak = Math.max(peak, running);
      await tick(30);
      running--;
    }));
    for (let i = 0; i < 10; i++) broker.enqueue('c', { i });
    await tick(400);
    expect(peak).toBe(2);
    broker.close();
  });
});
