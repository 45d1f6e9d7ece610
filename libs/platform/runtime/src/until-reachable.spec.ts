import { untilReachable } from './until-reachable';

describe('untilReachable', () => {
  it('tries again with growing waits until the service answers', async () => {
    const waits: number[] = [];
    let calls = 0;
    await untilReachable(
      'the broker',
      async () => {
        if (++calls < 5) throw new Error('ECONNREFUSED');
      },
      async (ms) => {
        waits.push(ms);
      },
    );
    expect(calls).toBe(5);
    expect(waits).toEqual([500, 1000, 2000, 4000]);
  });
});
