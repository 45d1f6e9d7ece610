import { createScratchPostgres } from '@axiom/persistence';

/** Runs `work` against a new, empty PostgreSQL database, dropped afterwards. */
export async function withScratchPostgres<T>(work: (url: string) => Promise<T>): Promise<T> {
  const db = await createScratchPostgres('scratch');
  try {
    return await work(db.url);
  } finally {
    await db.drop();
  }
}
