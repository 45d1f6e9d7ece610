import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const SAMPLES_DIR = resolve(
  process.env['DICOM_SAMPLES_DIR'] ?? join(REPO_ROOT, '..', 'shared', 'dicom-samples'),
);
export const LOG_DIR = join(REPO_ROOT, 'tmp', 'e2e-logs');

export interface Proc {
  child: ChildProcess;
  logFile: string;
  /** SIGKILL: the crash the promises are about. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

function wrap(child: ChildProcess, logFile: string): Proc {
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    logFile,
    kill9: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 8000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

function spawnLogged(label: string, cmd: string, args: string[], env: Record<string, string>): Proc {
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = join(LOG_DIR, `${label}-${Date.now()}.log`);
  const out = createWriteStream(logFile);
  const child = spawn(cmd, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return wrap(child, logFile);
}

/**
 * Starts one of the built apps (dist/) as its own process, as an operator would. The standalone
 * app does not inherit the test run's DATABASE_URL (it would honour it): it gets its own SQLite
 * file unless `env` names a database.
 */
export function startApp(
  app: 'standalone' | 'api' | 'dimse-listener' | 'router-worker' | 'poller',
  env: Record<string, string>,
): Proc {
  const isolated: Record<string, string> = app === 'standalone' ? { DATABASE_URL: '' } : {};
  return spawnLogged(
    app,
    process.execPath,
    ['-r', './dist/tools/runtime/register-aliases.js', `dist/apps/${app}/src/main.js`],
    { LOG_LEVEL: 'warn', ...isolated, ...env },
  );
}

/** dcmtk's storescp accepting every transfer syntax and SOP class, writing bits as received. */
export function startStorescp(port: number, dir: string, aeTitle = 'STORESCP'): Proc {
  mkdirSync(dir, { recursive: true });
  return spawnLogged('storescp', 'storescp', ['+xa', '-pm', '+B', '-aet', aeTitle, '-od', dir, String(port)], {
    TCP_NODELAY: '1',
  });
}

export interface RunResult {
  status: number;
  output: string;
}

export function run(cmd: string, args: string[], timeoutMs = 120_000): RunResult {
  const r = spawnSync(cmd, args, {
    env: { ...process.env, TCP_NODELAY: '1' },
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status ?? -1, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Runs a command without blocking the event loop (for sends that overlap a kill). */
export function runAsync(cmd: string, args: string[]): Promise<RunResult> {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, { env: { ...process.env, TCP_NODELAY: '1' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('exit', (code) => resolveRun({ status: code ?? -1, output }));
  });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 60_000,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(`${url} to answer`, async () => (await fetch(url)).status < 500, timeoutMs);
}

export function echo(port: number, aeTitle: string): boolean {
  return run('echoscu', ['-aec', aeTitle, '127.0.0.1', String(port)], 20_000).status === 0;
}
