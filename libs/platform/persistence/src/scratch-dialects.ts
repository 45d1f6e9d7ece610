import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openDatabase } from './data-source';
import { createScratchPostgres } from './scratch-database';

/** A migrated scratch database of one dialect (for the integration specs of this lib); `close` removes it. */
export interface ScratchDatabase {
  ds: DataSource;
  close: () => Promise<void>;
}

async function openScratchSqlite(label: string): Promise<ScratchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `axiom-${label}-`));
  const ds = await openDatabase({ databaseUrl: null, sqlitePath: join(dir, 'axiom.sqlite') }, { migrate: true });
  return {
    ds,
    close: async () => {
      await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openScratchPostgres(label: string): Promise<ScratchDatabase> {
  const scratch = await createScratchPostgres(label);
  const ds = await openDatabase({ databaseUrl: scratch.url, sqlitePath: '' }, { migrate: true });
  return {
    ds,
    close: async () => {
      await ds.destroy();
      await scratch.drop();
    },
  };
}

/** Both dialects as `describe.each` rows: `[name, open]`, each opening a fresh migrated database. */
export const SCRATCH_DIALECTS = [
  ['SQLite', openScratchSqlite],
  ['PostgreSQL', openScratchPostgres],
] as const;
