import type { HttpAdapterHost } from '@nestjs/core';

interface ListeningServer {
  listening?: boolean;
  once(event: 'listening', listener: () => void): unknown;
}

function isListeningServer(value: unknown): value is ListeningServer {
  return typeof value === 'object' && value !== null && typeof (value as { once?: unknown }).once === 'function';
}

/**
 * Resolves once the app's HTTP server listens (at once for an app without one). Start-up work
 * that may be slow or may crash the process (the outbox sweep re-routes whatever the ledger
 * holds) waits for it, so that the API (or /health) always answers first and a person can act.
 */
export function whenHttpListening(host: HttpAdapterHost | undefined): Promise<void> {
  const server: unknown = host?.httpAdapter?.getHttpServer();
  if (!isListeningServer(server) || server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.once('listening', () => resolve());
  });
}
