import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeliveryStatus } from '@axiom/domain';

const MINUTE_MS = 60_000;

/** What the throughput chart counts: instances received, deliveries delivered, deliveries dead-lettered. */
export type ThroughputSeries = 'received' | 'delivered' | 'failed';

const SERIES: Record<ThroughputSeries, { table: string; column: string; status?: DeliveryStatus }> = {
  received: { table: 'instances', column: 'received_at' },
  delivered: { table: 'deliveries', column: 'delivered_at', status: DeliveryStatus.Delivered },
  // dead-lettered in that minute: its status is failed and that was its last update
  failed: { table: 'deliveries', column: 'updated_at', status: DeliveryStatus.Failed },
};

/**
 * Per-minute counts for the dashboard chart, grouped in the database (a busy hour is hundreds
 * of thousands of rows: they are counted there, not fetched).
 */
@Injectable()
export class ThroughputStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Count per minute since `since`, keyed by the minute's start (epoch ms); quiet minutes are absent. */
  async perMinute(series: ThroughputSeries, since: Date): Promise<Map<number, number>> {
    const p = SERIES[series];
    const qb = this.db
      .createQueryBuilder()
      .from(p.table, 't')
      .select(this.minuteOf(`t.${p.column}`), 'minute')
      .addSelect('COUNT(*)', 'n')
      .where(`t.${p.column} >= :since`, { since })
      .groupBy('minute');
    if (p.status !== undefined) qb.andWhere('t.status = :status', { status: p.status });
    const rows = await qb.getRawMany<{ minute: Date | string; n: number | string }>();
    return new Map(rows.map((r) => [minuteStart(r.minute), Number(r.n)]));
  }

  /** The start of the row's minute: a timestamp on PostgreSQL, a UTC text on SQLite (how TypeORM stores dates there). */
  private minuteOf(column: string): string {
    return this.db.options.type === 'postgres'
      ? `date_trunc('minute', ${column})`
      : `strftime('%Y-%m-%d %H:%M:00', ${column})`;
  }
}

function minuteStart(value: Date | string): number {
  const date = value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
  return Math.floor(date.getTime() / MINUTE_MS) * MINUTE_MS;
}
