import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BreakerState } from '@axiom/domain';
import { type Dialect, dialectOfSource } from '../data-source';
import { LedgerSql, readTime } from './ledger-sql';

/** One storage backend's circuit breaker as the senders share it. */
export interface BreakerView {
  storageBackendId: number;
  state: BreakerState;
  consecutiveFailures: number;
  openedAt: Date | null;
  nextProbeAt: Date | null;
  lastError: string | null;
}

interface BreakerRow {
  storage_backend_id: number;
  state: BreakerState;
  consecutive_failures: number;
  opened_at: unknown;
  next_probe_at: unknown;
  last_error: string | null;
}

const COLUMNS = 'storage_backend_id, state, consecutive_failures, opened_at, next_probe_at, last_error';
const T = 'storage_backend_breakers';

export const CLOSED_BREAKER = (storageBackendId: number): BreakerView => ({
  storageBackendId,
  state: BreakerState.Closed,
  consecutiveFailures: 0,
  openedAt: null,
  nextProbeAt: null,
  lastError: null,
});

/**
 * Circuit breakers of the storage backends, one row each (none = closed), shared by every
 * sender process so that one process's view of a dead peer holds for all. Each change is one
 * guarded statement: concurrent senders count every failure, and exactly one wins a probe.
 */
@Injectable()
export class BreakerRepository {
  private readonly dialect: Dialect;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.dialect = dialectOfSource(db);
  }

  private get sql(): LedgerSql {
    return new LedgerSql(this.dialect, this.db.manager);
  }

  async list(): Promise<BreakerView[]> {
    const { rows } = await this.sql.query<BreakerRow>(`SELECT ${COLUMNS} FROM ${T} ORDER BY storage_backend_id`);
    return rows.map(toView);
  }

  /**
   * Counts a connection failure or timeout: the breaker opens at `threshold` consecutive ones, or
   * at once when the failure was a probe's (half-open); while open, the next probe is `probeAt`.
   */
  async recordFailure(p: {
    storageBackendId: number;
    error: string;
    threshold: number;
    probeAt: Date;
  }): Promise<BreakerView> {
    const sql = this.sql;
    const now = sql.time(new Date());
    const probeAt = sql.time(p.probeAt);
    const error = p.error.slice(0, 2000);
    const opensNow = p.threshold <= 1;
    const trips = `(${T}.state = '${BreakerState.HalfOpen}' OR ${T}.state = '${BreakerState.Open}' OR ${T}.consecutive_failures + 1 >= ?)`;
    const { rows } = await sql.query<BreakerRow>(
      `INSERT INTO ${T} (storage_backend_id, state, consecutive_failures, opened_at, next_probe_at, last_error, updated_at)
       VALUES (?, ?, 1, ?, ?, ?, ?)
       ON CONFLICT (storage_backend_id) DO UPDATE SET
         state = CASE WHEN ${trips} THEN '${BreakerState.Open}' ELSE ${T}.state END,
         opened_at = CASE WHEN ${T}.state = '${BreakerState.Closed}' AND ${T}.consecutive_failures + 1 >= ? THEN ? ELSE ${T}.opened_at END,
         next_probe_at = CASE WHEN ${trips} THEN ? ELSE ${T}.next_probe_at END,
         consecutive_failures = ${T}.consecutive_failures + 1,
         last_error = ?, updated_at = ?
       RETURNING ${COLUMNS}`,
      [
        p.storageBackendId,
        opensNow ? BreakerState.Open : BreakerState.Closed,
        opensNow ? now : null,
        opensNow ? probeAt : null,
        error,
        now,
        p.threshold,
        p.threshold,
        now,
        p.threshold,
        probeAt,
        error,
        now,
      ],
    );
    return toView(rows[0] as BreakerRow);
  }

  /** A send succeeded: the breaker closes. Returns true when it was open or half-open (its waiting deliveries may go now). */
  async recordSuccess(storageBackendId: number): Promise<boolean> {
    const sql = this.sql;
    const now = sql.time(new Date());
    const reopened =
      (
        await sql.query(
          `UPDATE ${T} SET state = ?, consecutive_failures = 0, opened_at = NULL, next_probe_at = NULL, updated_at = ? WHERE storage_backend_id = ? AND state <> ?`,
          [BreakerState.Closed, now, storageBackendId, BreakerState.Closed],
        )
      ).affected > 0;
    if (!reopened) {
      await sql.query(
        `UPDATE ${T} SET consecutive_failures = 0, updated_at = ? WHERE storage_backend_id = ? AND consecutive_failures > 0`,
        [now, storageBackendId],
      );
    }
    return reopened;
  }

  /**
   * An open breaker whose probe time has come goes half-open for the caller alone (true); a probe
   * that never reports (its sender died) is given up at `giveUpAt`, when another may probe.
   */
  async takeProbe(storageBackendId: number, now: Date, giveUpAt: Date): Promise<boolean> {
    const sql = this.sql;
    return (
      (
        await sql.query(
          `UPDATE ${T} SET state = ?, next_probe_at = ?, updated_at = ? WHERE storage_backend_id = ? AND state IN (?, ?) AND next_probe_at <= ?`,
          [
            BreakerState.HalfOpen,
            sql.time(giveUpAt),
            sql.time(now),
            storageBackendId,
            BreakerState.Open,
            BreakerState.HalfOpen,
            sql.time(now),
          ],
        )
      ).affected > 0
    );
  }
}

function toView(row: BreakerRow): BreakerView {
  return {
    storageBackendId: Number(row.storage_backend_id),
    state: row.state,
    consecutiveFailures: Number(row.consecutive_failures),
    openedAt: readTime(row.opened_at),
    nextProbeAt: readTime(row.next_probe_at),
    lastError: row.last_error,
  };
}
