import type { DataSource, Repository } from 'typeorm';
import type { PollingStateRepository } from '@axiom/persistence';
import { StatusService } from './status.service';
import type { QueueStatusSource } from './status-sources';

/** The dashboard's worker state from what the broker says about the routing queue. */
describe('StatusService.workers', () => {
  const repo = {} as Repository<never>;
  const service = (queueSource?: QueueStatusSource): StatusService =>
    new StatusService({} as DataSource, repo, repo, repo, repo, repo, repo, repo, {} as PollingStateRepository, undefined, undefined, queueSource);
  const source = (consumers: () => Promise<number>): QueueStatusSource => ({ depths: async () => ({}), routingConsumers: consumers });

  it('embedded mode: routing runs in the process that answers', async () => {
    await expect(service().workers()).resolves.toEqual({ mode: 'in_process', state: 'running', count: 1 });
  });

  it('distributed mode: running while router-workers consume, none when none does', async () => {
    await expect(service(source(async () => 2)).workers()).resolves.toEqual({ mode: 'broker', state: 'running', count: 2 });
    await expect(service(source(async () => 0)).workers()).resolves.toEqual({ mode: 'broker', state: 'none', count: 0 });
  });

  it('unknown when the broker does not answer', async () => {
    await expect(service(source(async () => { throw new Error('ECONNREFUSED'); })).workers()).resolves.toEqual({ mode: 'broker', state: 'unknown', count: null });
  });
});
