import { execFile } from 'node:child_process';
import * as amqp from 'amqplib';
import { QUEUE_OF } from '@axiom/domain';
import { createScratchPostgres } from '@axiom/persistence';
import { testPrefix } from './ports';

export const TEST_DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_RABBITMQ_URL = process.env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A new empty PostgreSQL database for one test file; returns its URL and a drop function. */
export const createScratchDatabase = createScratchPostgres;

function rabbitmqctl(args: string[], timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('rabbitmqctl', ['-q', ...args], { encoding: 'utf8', timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) reject(new Error(`rabbitmqctl ${args.join(' ')} failed: ${err.message} ${stdout}${stderr}`));
      else resolve();
    });
  });
}

/**
 * A new vhost on the test broker (named by testPrefix, guest allowed everything in it) for one
 * test file: the router's queues have fixed names, so a vhost of its own keeps two suites, or
 * two checkouts, from consuming each other's messages. Returns its URL and a delete function.
 */
export async function createScratchVhost(
  label: string,
  brokerUrl = TEST_RABBITMQ_URL,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const vhost = testPrefix(label);
  await rabbitmqctl(['add_vhost', vhost]);
  await rabbitmqctl(['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*']);
  const url = new URL(brokerUrl);
  url.pathname = `/${encodeURIComponent(vhost)}`;
  return { url: url.toString(), drop: () => rabbitmqctl(['delete_vhost', vhost]) };
}

/** Empties the router's queues so a test starts from a clean broker. */
export async function purgeQueues(url = TEST_RABBITMQ_URL): Promise<void> {
  const conn = await amqp.connect(url);
  try {
    for (const q of Object.values(QUEUE_OF)) {
      const ch = await conn.createChannel();
      try {
        await ch.purgeQueue(q);
        await ch.close();
      } catch {
        // queue not declared yet
      }
    }
  } finally {
    await conn.close();
  }
}
