import { StudyBatcher } from './study-batcher';

describe('StudyBatcher', () => {
  it('sends calls that wait together, within the limits, and settles each with its own outcome', async () => {
    const batches: string[][] = [];
    const batcher = new StudyBatcher<string, string>({ maxItems: 2, maxBytes: 100 }, async (_key, items) => {
      batches.push(items);
      await new Promise((r) => setTimeout(r, 5));
      return items.map((i) =>
        i.startsWith('bad')
          ? { ok: false as const, error: new Error(`refused ${i}`) }
          : { ok: true as const, value: `stored ${i}` },
      );
    });
    const calls = ['a', 'bad-b', 'c', 'd', 'e'].map((i) => batcher.submit('dest|study', i, { id: i, size: 10 }));
    const results = await Promise.allSettled(calls);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'stored a',
      'refused bad-b',
      'stored c',
      'stored d',
      'stored e',
    ]);
    expect(batches).toEqual([['a', 'bad-b'], ['c', 'd'], ['e']]);
    expect(batcher.pendingKeys).toBe(0);
  });

  it('joins calls arriving while a batch is in flight to the next one; keeps keys, sizes and duplicate ids apart', async () => {
    const batches: string[][] = [];
    let release: () => void = () => undefined;
    const batcher = new StudyBatcher<string, string>({ maxItems: 10, maxBytes: 25 }, async (key, items) => {
      batches.push(items.map((i) => `${key}:${i}`));
      if (batches.length === 1)
        await new Promise<void>((r) => {
          release = r;
        });
      return items.map((i) => ({ ok: true as const, value: i }));
    });
    const first = batcher.submit('s1', 'a', { id: 'a', size: 10 });
    await new Promise((r) => setImmediate(r));
    const later = [
      batcher.submit('s1', 'b', { id: 'b', size: 10 }),
      batcher.submit('s1', 'a2', { id: 'a', size: 1 }),
      batcher.submit('s1', 'a3', { id: 'a', size: 1 }),
      batcher.submit('s1', 'c', { id: 'c', size: 10 }),
      batcher.submit('s1', 'big', { id: 'big', size: 50 }),
      batcher.submit('s2', 'x', { id: 'x', size: 10 }),
    ];
    await new Promise((r) => setImmediate(r));
    release();
    await Promise.all([first, ...later]);
    // s2 does not wait for s1; a3 shares a2's id, so it waits for the batch after; big exceeds the bytes left
    expect(batches).toEqual([['s1:a'], ['s2:x'], ['s1:b', 's1:a2', 's1:c'], ['s1:a3'], ['s1:big']]);
  });

  it('fails every call of a batch whose sender throws', async () => {
    const batcher = new StudyBatcher<string, string>({ maxItems: 5, maxBytes: 1000 }, async () => {
      throw new Error('connection refused');
    });
    const results = await Promise.allSettled([
      batcher.submit('k', 'a', { id: 'a', size: 1 }),
      batcher.submit('k', 'b', { id: 'b', size: 1 }),
    ]);
    expect(results.map((r) => r.status === 'rejected' && (r.reason as Error).message)).toEqual([
      'connection refused',
      'connection refused',
    ]);
  });
});
