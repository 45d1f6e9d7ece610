import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DimseListenerEntity, createScratchPostgres, openDatabase } from '@axiom/persistence';
import { loadConfig } from '@axiom/platform-config';
import { bootstrap } from './bootstrap';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `npm start` with DATABASE_URL set: the embedded mode runs on that PostgreSQL database, not on a SQLite file. */
describe('the standalone app with DATABASE_URL', () => {
  let dir: string;
  let scratch: { url: string; drop: () => Promise<void> };
  let app: NestExpressApplication | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-standalone-pg-'));
    scratch = await createScratchPostgres('standalone');
  });
  afterAll(async () => {
    await app?.close();
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates and seeds that database, answers healthy, and makes no SQLite file', async () => {
    const [port, listenerPort] = [await freePort(), await freePort()];
    const config = loadConfig({
      AXIOM_DATA_DIR: join(dir, 'data'),
      DATABASE_URL: scratch.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      AXIOM_DEFAULT_LISTENER_PORT: String(listenerPort),
      AXIOM_ADMIN_API_KEY: 'stpg_0123456789abcdefABCDEF',
      LOG_LEVEL: 'error',
    });
    app = await bootstrap(config);
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/system/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      database: { status: 'ok', detail: null },
      broker: { status: 'ok', detail: null },
    });
    const db = await openDatabase({ databaseUrl: scratch.url, sqlitePath: '' }, { migrate: false });
    try {
      const listeners = await db.getRepository(DimseListenerEntity).find();
      expect(listeners.map((l) => ({ name: l.name, port: l.port }))).toEqual([{ name: 'default', port: listenerPort }]);
    } finally {
      await db.destroy();
    }
    expect(existsSync(config.sqlitePath)).toBe(false);
  }, 60_000);
});
