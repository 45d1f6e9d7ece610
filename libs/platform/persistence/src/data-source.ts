import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseSettings {
  /** postgres://… for the distributed mode; null selects the embedded SQLite file. */
  databaseUrl: string | null;
  sqlitePath: string;
  /** Modes of the SQLite file and its folder (0600 / 0700 when not given): the ledger names patients' studies. */
  files?: { fileMode: number; dirMode: number };
}

const PRIVATE = { fileMode: 0o600, dirMode: 0o700 };

/**
 * Creates the SQLite file with the private mode before the driver opens it (SQLite gives its
 * -wal and -shm files the mode of the database file), and narrows a file created wider before.
 */
function prepareSqliteFile(path: string, modes: { fileMode: number; dirMode: number }): void {
  mkdirSync(dirname(path), { recursive: true, mode: modes.dirMode });
  if (!existsSync(path)) closeSync(openSync(path, 'a', modes.fileMode));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file)) chmodSync(file, modes.fileMode);
  }
}

export type Dialect = 'postgres' | 'sqlite';

export function dialectOf(settings: DatabaseSettings): Dialect {
  return settings.databaseUrl ? 'postgres' : 'sqlite';
}

/** The dialect of an open data source. */
export function dialectOfSource(db: DataSource): Dialect {
  return db.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
  } as const;
  if (settings.databaseUrl) {
    return {
      ...common,
      type: 'postgres',
      url: settings.databaseUrl,
      migrations: POSTGRES_MIGRATIONS,
      extra: { max: 10 },
    };
  }
  if (settings.sqlitePath !== ':memory:') prepareSqliteFile(settings.sqlitePath, settings.files ?? PRIVATE);
  return {
    ...common,
    type: 'better-sqlite3',
    database: settings.sqlitePath,
    migrations: SQLITE_MIGRATIONS,
    enableWAL: true,
    // FULL: a committed ledger row survives power loss, not only a process kill
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('busy_timeout = 10000');
      db.pragma('synchronous = FULL');
    },
  };
}

/** Opens the database and applies pending migrations (each in its own transaction). */
export async function openDatabase(settings: DatabaseSettings, options: { migrate: boolean }): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(settings));
  await ds.initialize();
  if (options.migrate) await ds.runMigrations({ transaction: 'each' });
  return ds;
}

/** SQL that would bring the migrated schema in line with the entities; [] when they agree. */
export async function schemaDrift(ds: DataSource): Promise<string[]> {
  const log = await ds.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}
