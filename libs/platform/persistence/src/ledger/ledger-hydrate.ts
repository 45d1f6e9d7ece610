import type { DataSource } from 'typeorm';
import type { LedgerSql } from './ledger-sql';

/** `SELECT *` by id, each column converted as TypeORM would (dates, JSON, booleans) without its query builder; the columns find leaves out stay out. */
export async function findHydratedById<E extends object>(
  db: DataSource,
  sql: LedgerSql,
  entity: new () => E,
  table: 'instances' | 'deliveries' | 'storage_backends',
  id: number,
): Promise<E | null> {
  const { rows } = await sql.query(`SELECT * FROM ${table} WHERE id = ?`, [id]);
  const raw = rows[0];
  if (!raw) return null;
  const result = new entity() as Record<string, unknown>;
  for (const column of db.getMetadata(entity).columns) {
    if (!column.isSelect) continue; // as find leaves it out (a spliced output's head)
    result[column.propertyName] = db.driver.prepareHydratedValue(raw[column.databaseName], column);
  }
  return result as E;
}
