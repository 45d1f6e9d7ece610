import * as amqp from 'amqplib';
import { QUEUE_OF } from '@axiom/domain';
import { createScratchPostgres } from '@axiom/persistence';

export const TEST_DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_RABBITMQ_URL = process.env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A new empty PostgreSQL database for one test file; returns its URL and a drop function. */
export const createScratchDatabase = createScratchPostgres;

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
