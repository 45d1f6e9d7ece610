import type { AppConfig } from '@axiom/platform-config';
import { GracefulShutdown } from './graceful-shutdown';

describe('GracefulShutdown', () => {
  it('runs every drain at once with one deadline and does not wait past it', async () => {
    const shutdown = new GracefulShutdown({ shutdownGraceMs: 200 } as AppConfig);
    const seen: { name: string; deadline: number }[] = [];
    shutdown.register('quick', async (deadline) => {
      seen.push({ name: 'quick', deadline });
    });
    shutdown.register('stuck', (deadline) => {
      seen.push({ name: 'stuck', deadline });
      return new Promise<void>(() => undefined);
    });
    expect(shutdown.draining).toBe(false);
    const started = Date.now();
    await shutdown.beforeApplicationShutdown();
    const took = Date.now() - started;
    expect(shutdown.draining).toBe(true);
    expect(seen.map((s) => s.name)).toEqual(['quick', 'stuck']);
    expect(seen[0]?.deadline).toBe(seen[1]?.deadline);
    expect(took).toBeGreaterThanOrEqual(190);
    expect(took).toBeLessThan(1000);
  });

  it('goes on when a drain fails, and runs only once', async () => {
    const shutdown = new GracefulShutdown({ shutdownGraceMs: 1000 } as AppConfig);
    let calls = 0;
    shutdown.register('broken', async () => {
      calls++;
      throw new Error('boom');
    });
    await shutdown.beforeApplicationShutdown();
    await shutdown.beforeApplicationShutdown();
    expect(calls).toBe(1);
  });
});
