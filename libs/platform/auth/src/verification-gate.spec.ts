import { VerificationGate } from './verification-gate';

describe('VerificationGate', () => {
  it('runs at most maxActive tasks at once, queues up to maxWaiting, refuses beyond (429)', async () => {
    const gate = new VerificationGate(2, 1);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const task = () =>
      new Promise<number>((resolve) => {
        running += 1;
        peak = Math.max(peak, running);
        releases.push(() => {
          running -= 1;
          resolve(running);
        });
      });
    const first = [gate.run(task), gate.run(task), gate.run(task)];
    await expect(gate.run(task)).rejects.toMatchObject({ code: 'rate_limited' });
    await new Promise((r) => setImmediate(r));
    expect(running).toBe(2);
    releases.shift()?.();
    await new Promise((r) => setImmediate(r));
    expect(running).toBe(2); // the queued one took the freed slot
    while (releases.length > 0) {
      releases.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(first);
    expect(peak).toBe(2);
    await expect(gate.run(() => Promise.resolve('free again'))).resolves.toBe('free again');
  });

  it('frees the slot when a task fails', async () => {
    const gate = new VerificationGate(1, 0);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(() => Promise.resolve(1))).resolves.toBe(1);
  });
});
