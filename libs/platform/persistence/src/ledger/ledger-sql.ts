import type { EntityManager } from 'typeorm';
import type { Dialect } from '../data-source';
import { SqliteStatements } from './sqlite-statements';

export interface SqlResult<R> {
  rows: R[];
  affected: number;
}

/** Both drivers answer with a structured result when asked (records for RETURNING/SELECT, affected for writes). */
interface StructuredResult {
  records?: unknown[];
  affected?: number;
}

const POSITIONAL = new Map<string, string>();

/** `?` placeholders become `$1…$n` on PostgreSQL (the ledger's SQL holds no literal question marks). */
function forDialect(dialect: Dialect, sql: string): string {
  if (dialect === 'sqlite') return sql;
  let converted = POSITIONAL.get(sql);
  if (!converted) {
    let n = 0;
    converted = sql.replace(/\?/g, () => `$${++n}`);
    POSITIONAL.set(sql, converted);
  }
  return converted;
}

/**
 * The ledger's explicit SQL on one connection (a transaction's or the pool's). Statements are
 * written once with `?` placeholders. On SQLite they run prepared on the driver's connection
 * (SqliteStatements), on PostgreSQL through the transaction's runner or a borrowed one.
 */
export class LedgerSql {
  private readonly sqlite: SqliteStatements | null;

  constructor(
    readonly dialect: Dialect,
    private readonly manager: EntityManager,
  ) {
    this.sqlite = dialect === 'sqlite' ? SqliteStatements.of(manager.connection) : null;
  }

  async query<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<SqlResult<R>> {
    if (this.sqlite) {
      const result = this.sqlite.run(sql, params);
      return { rows: result.rows as R[], affected: result.affected };
    }
    // a transaction's manager has its runner; outside one, a runner is borrowed for the statement
    const own = this.manager.queryRunner;
    const runner = own ?? this.manager.connection.createQueryRunner();
    try {
      const result = (await runner.query(forDialect(this.dialect, sql), params, true)) as StructuredResult;
      return { rows: (result.records ?? []) as R[], affected: result.affected ?? 0 };
    } finally {
      if (!own) await runner.release();
    }
  }

  /**
   * A timestamp as the column stores it: TypeORM writes SQLite datetimes as UTC
   * 'YYYY-MM-DD HH:MM:SS.SSS' text (so they compare as strings) and hands Dates to pg.
   */
  time(date: Date): Date | string {
    return this.dialect === 'postgres' ? date : date.toISOString().replace('T', ' ').replace('Z', '');
  }

  /** A list parameter spelled out as placeholders: `IN (${sql.list(ids)})`. */
  list(values: readonly unknown[]): string {
    return values.map(() => '?').join(', ');
  }
}

/** A timestamp read back from a raw row: a Date from pg, UTC text from SQLite. */
export function readTime(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(text.includes('T') ? text : `${text.replace(' ', 'T')}Z`);
}
