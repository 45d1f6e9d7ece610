import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpAdapterHost } from '@nestjs/core';
import { whenHttpListening } from './http-listening';

const hostOf = (server: unknown): HttpAdapterHost =>
  ({ httpAdapter: { getHttpServer: () => server } }) as unknown as HttpAdapterHost;

describe('whenHttpListening', () => {
  it('resolves only once the server listens', async () => {
    const server = createServer();
    let resolved = false;
    const waiting = whenHttpListening(hostOf(server)).then(() => {
      resolved = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(resolved).toBe(false);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    await waiting;
    expect(resolved).toBe(true);
    expect((server.address() as AddressInfo).port).toBeGreaterThan(0);
    await whenHttpListening(hostOf(server)); // already listening: at once
    await new Promise((r) => server.close(r));
  });

  it('resolves at once for an app without an HTTP server', async () => {
    await whenHttpListening(undefined);
    await whenHttpListening(hostOf(undefined));
  });
});
