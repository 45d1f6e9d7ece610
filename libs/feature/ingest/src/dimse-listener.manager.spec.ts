import { mkdtempSync, rmSync } from 'node:fs';
import { Server, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DimseListenerEntity, DimseListenerStore } from '@axiom/persistence';
import { loadConfig } from '@axiom/platform-config';
import { SpoolService } from '@axiom/spool';
import { DimseListenerManager } from './dimse-listener.manager';
import type { IngestService } from './ingest.service';

function holdPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

function portOf(s: Server): number {
  const a = s.address();
  return typeof a === 'object' && a ? a.port : 0;
}

async function freePort(): Promise<number> {
  const s = await holdPort();
  const port = portOf(s);
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('DimseListenerManager', () => {
  let dir: string;
  let rows: Partial<DimseListenerEntity>[];
  let manager: DimseListenerManager;

  async function boot(env: Record<string, string> = {}): Promise<void> {
    const config = loadConfig({ AXIOM_DATA_DIR: dir, PORT: '18999', HEALTH_PORT: '18998', ...env });
    manager = new DimseListenerManager(
      { enabledFor: async () => rows, reportStatuses: async () => undefined } as unknown as DimseListenerStore,
      {} as IngestService,
      new SpoolService(config),
      config,
    );
    await manager.reconcile();
  }

  function row(overrides: Partial<DimseListenerEntity>): Partial<DimseListenerEntity> {
    return {
      id: 1,
      name: 'main',
      aeTitle: 'AXIOM',
      port: 0,
      instanceId: 'default',
      isEnabled: true,
      tlsEnabled: false,
      ...overrides,
    };
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-listeners-'));
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await manager.onApplicationShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never serves a TLS row in cleartext: without a certificate it reports why, and does not listen', async () => {
    const port = await freePort();
    rows = [row({ port, tlsEnabled: true })];
    await boot();
    expect(manager.statuses()).toEqual([
      expect.objectContaining({
        state: 'error',
        lastError: expect.stringMatching(/DICOM TLS is enabled .* set DIMSE_TLS_CERT and DIMSE_TLS_KEY/),
      }),
    ]);
    expect(await accepts(port)).toBe(false);
  });

  it.each([
    ['18999', /HTTP port \(PORT\)/],
    ['18998', /health port \(HEALTH_PORT\)/],
  ])('refuses a row on our own port %s', async (port, reason) => {
    rows = [row({ port: Number(port) })];
    await boot();
    expect(manager.statuses()).toEqual([
      expect.objectContaining({ state: 'error', lastError: expect.stringMatching(reason) }),
    ]);
  });

  it('reports a port it cannot bind, and retries with backoff without the row changing', async () => {
    const squatter = await holdPort();
    const port = portOf(squatter);
    rows = [row({ port })];
    await boot();
    expect(manager.statuses()).toEqual([
      expect.objectContaining({ state: 'error', lastError: expect.stringMatching(/cannot listen/) }),
    ]);
    await new Promise<void>((r) => squatter.close(() => r()));
    await manager.reconcile();
    expect(manager.statuses()[0]?.state).toBe('error');
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 60_000);
    await manager.reconcile();
    expect(manager.statuses()).toEqual([expect.objectContaining({ state: 'listening' })]);
    expect(await accepts(port)).toBe(true);
  });

  it('passes the DIMSE limits of the configuration to its listeners', async () => {
    const port = await freePort();
    rows = [row({ port })];
    await boot({ DIMSE_MAX_ASSOCIATIONS_PER_PEER: '1', DIMSE_ASSOCIATION_REQUEST_TIMEOUT_MS: '200' });
    const first = connect({ host: '127.0.0.1', port });
    await new Promise((r) => first.once('connect', r));
    const second = connect({ host: '127.0.0.1', port });
    await new Promise((r) => second.once('connect', r));
    // no A-ASSOCIATE-RQ: the 200 ms ARTIM of the configuration closes both
    const closed = await Promise.all(
      [first, second].map(
        (s) =>
          new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), 3000);
            s.once('close', () => {
              clearTimeout(timer);
              resolve(true);
            });
            s.on('error', () => undefined);
          }),
      ),
    );
    expect(closed).toEqual([true, true]);
  });
});
