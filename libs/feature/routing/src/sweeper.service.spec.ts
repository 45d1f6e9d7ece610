import { EventEmitter } from 'node:events';
import type { HttpAdapterHost } from '@nestjs/core';
import type { MessagePublisher } from '@axiom/messaging';
import type { LedgerRepository } from '@axiom/persistence';
import { loadConfig } from '@axiom/platform-config';
import { SweeperService } from './sweeper.service';

class FakeServer extends EventEmitter {
  listening = false;
  listen(): void {
    this.listening = true;
    this.emit('listening');
  }
}

describe('SweeperService start-up', () => {
  it('sweeps only once the HTTP server listens, so the API answers before any re-routing', async () => {
    const server = new FakeServer();
    const host = { httpAdapter: { getHttpServer: () => server } } as unknown as HttpAdapterHost;
    const sweeper = new SweeperService(
      {} as LedgerRepository,
      {} as MessagePublisher,
      loadConfig({ SWEEP_INTERVAL_MS: '3600000' }),
      host,
    );
    const sweep = jest.spyOn(sweeper, 'sweep').mockResolvedValue({ instances: 0, deliveries: 0, released: 0 });
    sweeper.onApplicationBootstrap();
    await new Promise((r) => setTimeout(r, 20));
    expect(sweep).not.toHaveBeenCalled();
    server.listen();
    await new Promise((r) => setTimeout(r, 20));
    expect(sweep).toHaveBeenCalledWith(0);
    await sweeper.onApplicationShutdown();
  });
});
