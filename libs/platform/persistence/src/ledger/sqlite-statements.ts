import { close, fdatasync, open } from 'node:fs';
import type { DataSource } from 'typeorm';

/** What the ledger uses of a better-sqlite3 connection. */
interface SqliteStatement {
  readonly reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number };
}
interface SqliteConnection {
  readonly name: string;
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
}

const BY_SOURCE = new WeakMap<DataSource, SqliteStatements>();
/** Prepared once like every other statement (`pragma()` compiles its statement on each call, twice per commit). */
const SYNC_NORMAL = 'PRAGMA synchronous = NORMAL';
const SYNC_FULL = 'PRAGMA synchronous = FULL';
/** How soon relaxed commits are synced to the disk after the first of them (they are never waited for). */
const RELAXED_SYNC_MS = 50;

/**
 * The ledger's statements on SQLite, prepared once and run on the driver's own connection:
 * TypeORM's query runner costs more than the statement itself on the hot path (parameter
 * normalising, event broadcasting, a runner per statement). Same connection as TypeORM, so the
 * statements join whatever transaction is open on it.
 *
 * Durability without blocking: a commit is made with `synchronous = NORMAL` (SQLite writes the
 * WAL but does not fsync it) and then the WAL file is fdatasynced from the thread pool
 * (`syncWal`); once that resolves the commit survives power loss, exactly as with FULL, but the
 * event loop never waits for the disk, and commits that meet one sync in flight share the next.
 */
export class SqliteStatements {
  private readonly statements = new Map<string, SqliteStatement>();
  private walSync: Promise<void> | null = null;
  private walSyncQueued: Promise<void> | null = null;
  private syncTimer: NodeJS.Timeout | null = null;

  private constructor(private readonly connection: SqliteConnection) {}

  /** The statements of a better-sqlite3 data source (null for any other driver or before it is open). */
  static of(source: DataSource): SqliteStatements | null {
    if (source.options.type !== 'better-sqlite3') return null;
    let statements = BY_SOURCE.get(source);
    if (!statements) {
      const connection = (source.driver as unknown as { databaseConnection?: SqliteConnection }).databaseConnection;
      if (!connection) return null;
      statements = new SqliteStatements(connection);
      BY_SOURCE.set(source, statements);
    }
    return statements;
  }

  get inTransaction(): boolean {
    return this.connection.inTransaction;
  }

  run(sql: string, params: readonly unknown[]): { rows: unknown[]; affected: number } {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.connection.prepare(sql);
      this.statements.set(sql, statement);
    }
    const bound = params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
    if (statement.reader) return { rows: statement.all(...bound), affected: 0 };
    return { rows: [], affected: statement.run(...bound).changes };
  }

  /**
   * BEGIN with `synchronous = NORMAL` (the level cannot change inside a transaction): its COMMIT
   * writes the WAL without an fsync on the event loop. `end` commits or rolls back and puts FULL
   * back, so every other writer on the connection keeps FULL.
   */
  beginRelaxed(): void {
    this.run(SYNC_NORMAL, []);
    try {
      this.run('BEGIN', []);
    } catch (err) {
      this.run(SYNC_FULL, []);
      throw err;
    }
  }

  end(commit: boolean): void {
    try {
      if (commit) this.run('COMMIT', []);
      else if (this.connection.inTransaction) this.run('ROLLBACK', []);
    } finally {
      if (!this.connection.inTransaction) this.run(SYNC_FULL, []);
    }
  }

  /** A sync of the WAL within RELAXED_SYNC_MS (one for all the commits made until then), not waited for. */
  syncSoon(): void {
    if (this.syncTimer || this.connection.name === ':memory:') return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      this.syncWal().catch(() => undefined); // the next full commit syncs it again, and reports
    }, RELAXED_SYNC_MS);
    this.syncTimer.unref();
  }

  /**
   * Makes every commit made so far durable: fdatasync of the WAL (a checkpoint that moved
   * frames into the database file synced them there first). A sync already running may have
   * started before the latest commit, so callers that arrive meanwhile share the next one.
   */
  syncWal(): Promise<void> {
    if (this.connection.name === ':memory:') return Promise.resolve();
    if (!this.walSync) {
      this.walSync = fdatasyncPath(`${this.connection.name}-wal`).finally(() => {
        this.walSync = null;
      });
      return this.walSync;
    }
    if (!this.walSyncQueued) {
      this.walSyncQueued = this.walSync
        .catch(() => undefined)
        .then(() => {
          this.walSyncQueued = null;
          return this.syncWal();
        });
    }
    return this.walSyncQueued;
  }
}

/** open, fdatasync, close: by path each time, so a WAL file SQLite recreated is the one synced. */
function fdatasyncPath(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    open(path, 'r', (openErr, fd) => {
      if (openErr) return reject(openErr);
      fdatasync(fd, (syncErr) =>
        close(fd, (closeErr) => ((syncErr ?? closeErr) ? reject(syncErr ?? closeErr) : resolve())),
      );
    });
  });
}
