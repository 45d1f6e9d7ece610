import { Client } from 'pg';
import * as amqp from 'amqplib';
import { QUEUE_OF } from '@axiom/domain';

export const TEST_DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_RABBITMQ_URL = process.env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A new empty PostgreSQL database for one test file; returns its URL and a drop function. */
export async function createScratchDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `axiom_${label}_${process.pid}_${Date.now()}`.replace(/[^a-z0-9_]/g, '_');
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
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
