import type { DataSource } from 'typeorm';
import type { Dialect } from '../data-source';
import { LedgerSql } from './ledger-sql';
import { SqliteStatements } from './sqlite-statements';

/**
 * - `full`: the caller waits for a commit with a full fsync (an acknowledgment waits on it).
 * - `relaxed`: the caller waits for a commit without fsync (progress that is redone if lost).
 * - `deferred`: committed relaxed, but the caller waits until a later full commit has made it
 *   durable (a file removal waits on it); a barrier commit is forced when none comes soon.
 */
export type Durability = 'full' | 'relaxed' | 'deferred';

type Job = {
  work: (sql: LedgerSql) => Promise<unknown>;
  durability: Durability;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
};

type Committed = { resolve: (value: unknown) => void; value: unknown };
type Outcome = { ok: true; value: unknown } | { ok: false; err: unknown };

/** How long a deferred write may wait for a full commit of other work before a barrier is forced. */
const BARRIER_DELAY_MS = 25;
/** How long a batch waits for another writer's transaction on the SQLite connection to end. */
const BUSY_WAIT_MS = 10_000;

/**
 * Group commit: ledger writes that arrive while a commit is in progress run together in the
 * next transaction, so a burst of instances pays for one commit instead of one each. Each job
 * runs inside a savepoint, so one failing statement fails only its own caller.
 *
 * A batch holding a `full` job is durable before its callers hear of it: on SQLite the WAL is
 * fdatasynced after COMMIT, off the event loop (SqliteStatements.syncWal); on PostgreSQL
 * synchronous_commit is on. Other batches are not synced (PostgreSQL: synchronous_commit off):
 * consistent, and made durable by the next full commit, which syncs the whole WAL (PostgreSQL:
 * flushes the WAL up to its own record). A power loss can only take relaxed work back to an earlier state from which it is
 * redone (at least once: a delivery sent again, which destinations take as harmless) — never
 * an acknowledged instance, and never a row whose files were already removed (`deferred`).
 */
export class GroupCommit {
  private queue: Job[] = [];
  private flushing = false;
  /** Deferred jobs committed relaxed, waiting for a full commit after theirs. */
  private awaitingDurable: Committed[] = [];
  private barrierTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly dialect: Dialect,
    /** A cheap write that makes a full commit (a commit without writes fsyncs nothing). */
    private readonly barrier: (sql: LedgerSql) => Promise<void>,
    private readonly maxBatch = 256,
  ) {}

  run<T>(work: (sql: LedgerSql) => Promise<T>, durability: Durability): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, durability, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) await this.commit(this.queue.splice(0, this.maxBatch));
    } finally {
      this.flushing = false;
    }
  }

  private async commit(batch: Job[]): Promise<void> {
    const full = batch.some((job) => job.durability === 'full');
    // every deferred write committed before this batch began is covered by its fsync
    const covered = full ? this.awaitingDurable.splice(0) : [];
    let outcomes: Outcome[];
    try {
      const sqlite = this.dialect === 'sqlite' ? SqliteStatements.of(this.db) : null;
      outcomes = sqlite ? await this.commitSqlite(sqlite, batch, full) : await this.commitTypeorm(batch, full);
    } catch (err) {
      this.awaitingDurable.unshift(...covered); // not covered after all: the next full commit will
      for (const job of batch) job.reject(err);
      this.scheduleBarrier();
      return;
    }
    for (const c of covered) c.resolve(c.value);
    batch.forEach((job, i) => {
      const outcome = outcomes[i];
      if (!outcome) job.reject(new Error('ledger job did not run'));
      else if (!outcome.ok) job.reject(outcome.err);
      else if (job.durability === 'deferred' && !full)
        this.awaitingDurable.push({ resolve: job.resolve, value: outcome.value });
      else job.resolve(outcome.value);
    });
    this.scheduleBarrier();
  }

  /**
   * SQLite: the batch on the driver's connection with prepared statements, committed without an
   * fsync on the event loop; a full batch then waits for the WAL's fdatasync in the thread pool.
   */
  private async commitSqlite(sqlite: SqliteStatements, batch: Job[], full: boolean): Promise<Outcome[]> {
    // another writer's transaction is open on the one connection (an API write): let it finish
    for (const until = Date.now() + BUSY_WAIT_MS; sqlite.inTransaction;) {
      if (Date.now() > until) throw new Error('the database connection is held by another transaction');
      await new Promise((r) => setTimeout(r, 1));
    }
    const sql = new LedgerSql(this.dialect, this.db.manager);
    sqlite.beginRelaxed();
    let outcomes: Outcome[];
    try {
      outcomes = await this.runJobs(sql, batch);
      sqlite.end(true);
    } catch (err) {
      sqlite.end(false);
      throw err;
    }
    // a relaxed batch is synced too, soon and not waited for (one sync for every relaxed commit of
    // that while): a write of another caller that ran on the connection inside it (an API change)
    // is then durable moments later, not at the next full batch; a sync per relaxed commit would
    // cost the disk and the event loop as much as the commits themselves
    if (full) await sqlite.syncWal();
    else sqlite.syncSoon();
    return outcomes;
  }

  private async commitTypeorm(batch: Job[], full: boolean): Promise<Outcome[]> {
    return this.db.transaction(async (manager) => {
      const sql = new LedgerSql(this.dialect, manager);
      if (this.dialect === 'postgres' && !full) await sql.query('SET LOCAL synchronous_commit TO OFF');
      return this.runJobs(sql, batch);
    });
  }

  private async runJobs(sql: LedgerSql, batch: Job[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const job of batch) {
      if (batch.length === 1) {
        // a lone job's failure rolls back the transaction and reaches its caller
        outcomes.push({ ok: true, value: await job.work(sql) });
        continue;
      }
      await sql.query('SAVEPOINT ledger_job');
      try {
        outcomes.push({ ok: true, value: await job.work(sql) });
        await sql.query('RELEASE SAVEPOINT ledger_job');
      } catch (err) {
        await sql.query('ROLLBACK TO SAVEPOINT ledger_job');
        await sql.query('RELEASE SAVEPOINT ledger_job');
        outcomes.push({ ok: false, err });
      }
    }
    return outcomes;
  }

  /** Deferred writes waiting and no full commit queued: force one shortly (unless other work brings one first). */
  private scheduleBarrier(): void {
    if (this.awaitingDurable.length === 0 || this.barrierTimer) return;
    this.barrierTimer = setTimeout(() => {
      this.barrierTimer = null;
      if (this.awaitingDurable.length === 0 || this.queue.some((job) => job.durability === 'full')) return;
      this.run(this.barrier, 'full').catch(() => this.scheduleBarrier());
    }, BARRIER_DELAY_MS);
    this.barrierTimer.unref();
  }
}
