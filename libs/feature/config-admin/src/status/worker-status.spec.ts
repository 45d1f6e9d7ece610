import type { BreakerRepository, DestinationConfigStore, StatusStore } from '@axiom/persistence';
import type { HealthService } from '@axiom/runtime';
import type { SourceStatusService } from './source-status.service';
import { StatusService } from './status.service';
import type { QueueStatusSource } from './status-sources';

/** The dashboard's worker state from what the broker says about the routing queue. */
describe('StatusService.workers', () => {
  const service = (queueSource?: QueueStatusSource): StatusService =>
    new StatusService(
      {} as StatusStore,
      {} as DestinationConfigStore,
      {} as BreakerRepository,
      {} as SourceStatusService,
      {} as HealthService,
      queueSource,
    );
  const source = (consumers: () => Promise<number>): QueueStatusSource => ({
    depths: async () => ({}),
    routingConsumers: consumers,
  });

  it('embedded mode: routing runs in the process that answers', async () => {
    await expect(service().workers()).resolves.toEqual({ mode: 'in_process', state: 'running', count: 1 });
  });

  it('distributed mode: running while router-workers consume, none when none does', async () => {
    await expect(service(source(async () => 2)).workers()).resolves.toEqual({
      mode: 'broker',
      state: 'running',
      count: 2,
    });
    await expect(service(source(async () => 0)).workers()).resolves.toEqual({
      mode: 'broker',
      state: 'none',
      count: 0,
    });
  });

  it('unknown when the broker does not answer', async () => {
    await expect(
      service(
        source(async () => {
          throw new Error('ECONNREFUSED');
        }),
      ).workers(),
    ).resolves.toEqual({ mode: 'broker', state: 'unknown', count: null });
  });
});
