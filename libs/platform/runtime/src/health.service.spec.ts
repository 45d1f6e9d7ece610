import { ServiceUnavailableException } from '@nestjs/common';
import type { MessagePublisher } from '@axiom/messaging';
import type { DatabaseProbe } from '@axiom/persistence';
import { HealthService } from './health.service';

function service(database: 'up' | 'down', broker: boolean): HealthService {
  const probe = {
    ping: () =>
      database === 'up' ? Promise.resolve() : Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432')),
  } as DatabaseProbe;
  return new HealthService(probe, { isHealthy: () => broker } as MessagePublisher);
}

describe('HealthService', () => {
  it('is ok when the database answers and the broker takes messages', async () => {
    const ok = { status: 'ok', database: { status: 'ok', detail: null }, broker: { status: 'ok', detail: null } };
    await expect(service('up', true).check()).resolves.toEqual(ok);
    await expect(service('up', true).ready()).resolves.toEqual(ok);
  });

  it('is degraded when either is down, naming which, and tells nothing of the configuration', async () => {
    const db = await service('down', true).check();
    expect(db).toEqual({
      status: 'degraded',
      database: { status: 'error', detail: 'database unreachable' },
      broker: { status: 'ok', detail: null },
    });
    expect(JSON.stringify(db)).not.toContain('10.0.0.5');
    expect(await service('up', false).check()).toEqual({
      status: 'degraded',
      database: { status: 'ok', detail: null },
      broker: { status: 'error', detail: 'broker not connected' },
    });
  });

  it('ready() answers a degraded report as a 503 carrying the same report', async () => {
    const failure = await service('up', false)
      .ready()
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ServiceUnavailableException);
    expect((failure as ServiceUnavailableException).getStatus()).toBe(503);
    expect((failure as ServiceUnavailableException).getResponse()).toEqual(await service('up', false).check());
  });
});
