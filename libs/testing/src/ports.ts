import { createServer } from 'node:net';

/**
 * The one place tests take TCP ports from. The operating system hands out a free ephemeral port
 * (never a default such as 8001 or 11112), so two checkouts, or two suites in parallel, can test
 * on one machine without agreeing on numbers.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Several distinct free ports at once (each stays distinct because all are held until the end). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<import('node:net').Server>((resolve, reject) => {
          const s = createServer();
          s.unref();
          s.once('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => {
    const a = s.address();
    return typeof a === 'object' && a ? a.port : 0;
  });
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

/** A prefix for queue, exchange or vhost names unique to this test process. */
export function testPrefix(label = 'test'): string {
  return `${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
