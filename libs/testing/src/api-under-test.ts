import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, createScratchVhost } from './database';
import { Proc, startApp, waitForHttp } from './processes';

export interface ApiUnderTestOptions {
  /** `standalone`: the embedded mode on SQLite; `api`: the distributed API on a scratch PostgreSQL database and RabbitMQ vhost. */
  app: 'standalone' | 'api';
  port: number;
  healthPort: number;
  /** The standalone app's default C-STORE listener port. */
  listenerPort: number;
  adminApiKey: string;
  env?: Record<string, string>;
}

export interface ApiUnderTest {
  /** e.g. http://127.0.0.1:18301/api/v1 */
  base: string;
  proc: Proc;
  /** Everything the process wrote to stdout and stderr so far. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts the API as an operator would (the built app through its real `bootstrap()`), on a fresh
 * data directory and, for `api`, a fresh PostgreSQL database; resolves once it answers HTTP.
 */
export async function startApiUnderTest(o: ApiUnderTestOptions): Promise<ApiUnderTest> {
  const work = mkdtempSync(join(tmpdir(), `axiom-e2e-${o.app}-`));
  const db = o.app === 'api' ? await createScratchDatabase(`e2e_${o.app}`) : null;
  const vhost = o.app === 'api' ? await createScratchVhost(`e2e-${o.app}`) : null;
  const env: Record<string, string> = {
    AXIOM_DATA_DIR: join(work, 'data'),
    PORT: String(o.port),
    HEALTH_PORT: String(o.healthPort),
    AXIOM_DEFAULT_LISTENER_PORT: String(o.listenerPort),
    AXIOM_ADMIN_API_KEY: o.adminApiKey,
    HOST: '127.0.0.1',
    ...(db && vhost ? { DATABASE_URL: db.url, RABBITMQ_URL: vhost.url } : {}),
    ...o.env,
  };
  const proc = startApp(o.app, env);
  const base = `http://127.0.0.1:${o.port}/api/v1`;
  const log = (): string => (existsSync(proc.logFile) ? readFileSync(proc.logFile, 'utf8') : '');
  const cleanup = async (): Promise<void> => {
    await proc.stop();
    await db?.drop();
    await vhost?.drop();
    rmSync(work, { recursive: true, force: true });
  };
  const exited = new Promise<never>((_resolve, reject) => {
    proc.child.once('exit', (code, signal) =>
      reject(new Error(`${o.app} exited (${code ?? signal}) before answering:\n${log().slice(-4000)}`)),
    );
  });
  exited.catch(() => undefined);
  try {
    await Promise.race([waitForHttp(`${base}/system/health`, 60_000), exited]);
  } catch (err) {
    await cleanup();
    throw err;
  }
  return { base, proc, log, stop: cleanup };
}
