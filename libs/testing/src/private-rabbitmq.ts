import { execFile, spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A RabbitMQ node of a test's own (its own node name, ports, data and log dirs), for tests that
 * restart the broker: the shared one serves everyone else's tests meanwhile. A start takes about
 * ten seconds here, so keep restarts few. As root, the Debian script runs it as `rabbitmq`.
 */
export interface PrivateRabbitMq {
  url: string;
  nodeName: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  /** A vhost of its own, guest allowed everything in it; returns the URL to it. */
  addVhost(name: string): Promise<string>;
  destroy(): Promise<void>;
}

export async function startPrivateRabbitMq(
  ports: { amqp: number; dist: number },
  timeoutMs = 120_000,
): Promise<PrivateRabbitMq> {
  const name = `axiomtest${process.pid}${Math.random().toString(36).slice(2, 6)}`;
  const nodeName = `${name}@localhost`;
  const dir = mkdtempSync(join(tmpdir(), 'axiom-rmq-'));
  mkdirSync(join(dir, 'mnesia'));
  mkdirSync(join(dir, 'log'));
  writeFileSync(join(dir, 'rabbitmq.conf'), `listeners.tcp.default = 127.0.0.1:${ports.amqp}\nloopback_users = none\n`);
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
  if (userInfo().uid === 0) {
    const uid = Number(spawnSync('id', ['-u', 'rabbitmq'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'rabbitmq'], { encoding: 'utf8' }).stdout.trim());
    for (const p of ['', 'mnesia', 'log', 'rabbitmq.conf', 'enabled_plugins']) chownSync(join(dir, p), uid, gid);
  }
  const env = {
    ...process.env,
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(ports.amqp),
    RABBITMQ_DIST_PORT: String(ports.dist),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_PID_FILE: join(dir, 'rabbit.pid'),
    ERL_EPMD_ADDRESS: '127.0.0.1',
  };
  const run = (cmd: string, args: string[]): Promise<void> =>
    new Promise((resolve, reject) => {
      // not spawnSync: the test's own senders and timers keep running while the broker restarts
      execFile(cmd, args, { env, encoding: 'utf8', timeout: timeoutMs }, (err, stdout, stderr) => {
        if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message} ${stdout}${stderr}`));
        else resolve();
      });
    });
  const start = async (): Promise<void> => {
    await run('rabbitmq-server', ['-detached']);
    await run('rabbitmqctl', [
      '-n',
      nodeName,
      '-q',
      'wait',
      join(dir, 'rabbit.pid'),
      '--timeout',
      String(Math.ceil(timeoutMs / 1000)),
    ]);
  };
  const stop = (): Promise<void> => run('rabbitmqctl', ['-n', nodeName, '-q', 'stop']);
  await start();
  return {
    url: `amqp://guest:guest@127.0.0.1:${ports.amqp}`,
    nodeName,
    start,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    addVhost: async (vhost) => {
      await run('rabbitmqctl', ['-n', nodeName, '-q', 'add_vhost', vhost]);
      await run('rabbitmqctl', ['-n', nodeName, '-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*']);
      return `amqp://guest:guest@127.0.0.1:${ports.amqp}/${encodeURIComponent(vhost)}`;
    },
    destroy: async () => {
      await stop().catch(() => undefined); // already stopped
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
