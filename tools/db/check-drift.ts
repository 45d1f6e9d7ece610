/**
 * CI check: on a fresh database of each dialect, the migrations must build exactly the schema the
 * entities describe. Prints the missing SQL and exits 1 on drift.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, schemaDrift } from '@axiom/persistence';
import { withScratchPostgres } from './scratch-postgres';

async function check(label: string, open: () => ReturnType<typeof openDatabase>): Promise<boolean> {
  const ds = await open();
  try {
    const drift = await schemaDrift(ds);
    if (drift.length === 0) {
      console.log(`${label}: migrations match the entities (${ds.migrations.length} migrations)`);
      return true;
    }
    console.error(`${label}: entities and migrations drift apart; missing SQL:\n  ${drift.join('\n  ')}`);
    return false;
  } finally {
    await ds.destroy();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'axiom-drift-'));
  let ok: boolean;
  try {
    ok = await check('sqlite', () =>
      openDatabase({ databaseUrl: null, sqlitePath: join(dir, 'drift.sqlite') }, { migrate: true }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  ok =
    (await withScratchPostgres((url) =>
      check('postgres', () => openDatabase({ databaseUrl: url, sqlitePath: '' }, { migrate: true })),
    )) && ok;
  process.exit(ok ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
