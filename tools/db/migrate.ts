/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded SQLite file). */
import { openDatabase } from '@axiom/persistence';
import { loadConfig } from '@axiom/platform-config';

async function main(): Promise<void> {
  const env = process.env;
  const config = loadConfig(env, { requireDistributed: Boolean(env['DATABASE_URL']) && Boolean(env['RABBITMQ_URL']) });
  const settings = { databaseUrl: env['DATABASE_URL'] ?? null, sqlitePath: config.sqlitePath };
  const ds = await openDatabase(settings, { migrate: false });
  const applied = await ds.runMigrations({ transaction: 'each' });
  console.log(applied.length === 0 ? 'database is up to date' : `applied ${applied.map((m) => m.name).join(', ')}`);
  await ds.destroy();
}

main().catch((err: unknown) => {
  console.error(`migrate failed: ${(err as Error).message}`);
  process.exit(1);
});
