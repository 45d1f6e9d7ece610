import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL server of a test's own (initdb into a temp dir, on an allocated port), for tests
 * that stop or restart the database: the shared one serves everyone else's tests meanwhile.
 * As root, the server runs as the `postgres` user, which owns the temp dir.
 */
export interface PrivatePostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** pg_ctl restart -m fast: every connection is cut, the server is back when it returns. */
  restart(): Promise<void>;
  destroy(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin');
  return join(root, versions[0], 'bin');
}

export async function startPrivatePostgres(port: number, timeoutMs = 60_000): Promise<PrivatePostgres> {
  const bin = binDir();
  const root = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'axiom-pg-'));
  const data = join(dir, 'data');
  if (root) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gids = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
    chmodSync(dir, 0o700);
  }
  const run = (tool: string, args: string[]): Promise<void> =>
    new Promise((resolve, reject) => {
      const cmd = root ? 'runuser' : join(bin, tool);
      const argv = root ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
      // not spawnSync: the test's own senders and timers keep running while the server restarts
      execFile(cmd, argv, { encoding: 'utf8', timeout: timeoutMs, cwd: dir }, (err, stdout, stderr) => {
        if (err) reject(new Error(`${tool} ${args.join(' ')} failed: ${err.message} ${stdout}${stderr}`));
        else resolve();
      });
    });
  await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const ctl = (action: 'start' | 'stop' | 'restart'): Promise<void> =>
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      String(Math.ceil(timeoutMs / 1000)),
      '-m',
      'fast',
      '-o',
      options,
      action,
    ]);
  await ctl('start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: () => ctl('start'),
    stop: () => ctl('stop'),
    restart: () => ctl('restart'),
    destroy: async () => {
      await ctl('stop').catch(() => undefined); // already stopped
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
