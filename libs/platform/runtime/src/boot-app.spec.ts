import fs from 'node:fs';
import { Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@axiom/platform-config';
import { bootApp } from './boot-app';
import { FirstAdmin, printFirstAdminKey } from './first-admin-banner';

const made: FirstAdmin = { created: true, email: 'admin@localhost', apiKey: 'abcd_0123456789abcdef0123' };

/** Stands in for AdminBootstrapService: "created now" on every call, as on an empty database. */
@Injectable()
class AlwaysNewAdmin {
  ensureFirstAdmin(): Promise<FirstAdmin> {
    return Promise.resolve(made);
  }
}

@Injectable()
class WarnsOnInit implements OnModuleInit {
  onModuleInit(): void {
    new Logger('Probe').warn('a warning at start');
  }
}

@Module({ providers: [AlwaysNewAdmin, WarnsOnInit] })
class ProbeModule {}

/** What the app logger (pino on fd 1) and the banner (process.stdout) wrote while `run` ran. */
async function captured(run: () => Promise<void>): Promise<{ log: string; stdout: string }> {
  const log: string[] = [];
  const stdout: string[] = [];
  const writeSync = fs.writeSync;
  const fdSpy = jest.spyOn(fs, 'writeSync').mockImplementation((...args: Parameters<typeof fs.writeSync>) => {
    const [fd, data] = args;
    if (fd !== 1) return writeSync(...args);
    log.push(String(data));
    return Buffer.byteLength(String(data));
  });
  const outSpy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    fdSpy.mockRestore();
    outSpy.mockRestore();
  }
  return { log: log.join(''), stdout: stdout.join('') };
}

const env = { HEALTH_PORT: '0', HEALTH_HOST: '127.0.0.1', LOG_FORMAT: 'json' };

describe('bootApp', () => {
  const apps: NestExpressApplication[] = [];
  const boot = async (extra: Record<string, string>): Promise<void> => {
    apps.push(
      await bootApp({
        name: 'probe',
        module: ProbeModule,
        config: loadConfig({ ...env, ...extra }),
        http: 'health',
        firstAdmin: AlwaysNewAdmin,
        summary: 'probing',
      }),
    );
  };
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  it('prints no key the operator gave (AXIOM_ADMIN_API_KEY) and none for an admin made before', () => {
    expect(printFirstAdminKey(made, { adminApiKey: made.apiKey ?? null })).toBe(false);
    expect(printFirstAdminKey({ created: false, email: made.email }, { adminApiKey: null })).toBe(false);
  });

  it('honours LOG_LEVEL: at warn the start-up line is dropped, the warning kept, every line JSON of the app', async () => {
    const { log } = await captured(() => boot({ LOG_LEVEL: 'warn', AXIOM_ADMIN_API_KEY: made.apiKey ?? '' }));
    const lines = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { app: string; level: string; msg: string });
    expect(lines).toContainEqual(expect.objectContaining({ app: 'probe', level: 'warn', msg: 'a warning at start' }));
    expect(lines.every((l) => l.level === 'warn' || l.level === 'error')).toBe(true);
  });

  it('at log, says once what runs where; listens on the health port', async () => {
    const { log } = await captured(() => boot({ LOG_LEVEL: 'log', AXIOM_ADMIN_API_KEY: made.apiKey ?? '' }));
    expect(log.match(/"msg":"probing; health on port 0 at 127\.0\.0\.1"/g)).toHaveLength(1);
    const address = apps[0]?.getHttpServer().address() as { port: number } | null;
    expect(address?.port).toBeGreaterThan(0);
  });

  it('prints a generated first admin key exactly once per process, in the same words as ever', async () => {
    const first = await captured(() => boot({ LOG_LEVEL: 'error' }));
    const second = await captured(() => boot({ LOG_LEVEL: 'error' }));
    expect(first.stdout).toBe(
      `\nFirst start: created admin admin@localhost. API key (shown once, store it now):\n\n  ${made.apiKey}\n\n`,
    );
    expect(second.stdout).toBe('');
  });
});
