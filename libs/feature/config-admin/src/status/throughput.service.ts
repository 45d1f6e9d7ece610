import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ThroughputDto, ThroughputPointDto } from '@axiom/contracts';
import { DeliveryStatus } from '@axiom/domain';

const MINUTE_MS = 60_000;

type Counted = 'received' | 'delivered' | 'failed';

/**
 * Per-minute counts for the dashboard chart, grouped in the database (a busy hour is hundreds of
 * thousands of rows: they are counted there, not fetched). "failed" is a delivery dead-lettered
 * in that minute: its status is failed and that was its last update.
 */
@Injectable()
export class ThroughputService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async perMinute(minutes: number): Promise<ThroughputDto> {
    const end = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    const since = new Date(end - minutes * MINUTE_MS);
    const [received, delivered, failed] = await Promise.all([
      this.countByMinute({ table: 'instances', column: 'received_at', since }),
      this.countByMinute({ table: 'deliveries', column: 'delivered_at', since, status: DeliveryStatus.Delivered }),
      this.countByMinute({ table: 'deliveries', column: 'updated_at', since, status: DeliveryStatus.Failed }),
    ]);
    const counts: Record<Counted, Map<number, number>> = { received, delivered, failed };
    const points: ThroughputPointDto[] = [];
    for (let t = since.getTime(); t < end; t += MINUTE_MS) {
      points.push({ minute: new Date(t).toISOString(), received: counts.received.get(t) ?? 0, delivered: counts.delivered.get(t) ?? 0, failed: counts.failed.get(t) ?? 0 });
    }
    return { minutes, points };
  }

  private async countByMinute(p: { table: string; column: string; since: Date; status?: DeliveryStatus }): Promise<Map<number, number>> {
    const qb = this.db.createQueryBuilder().from(p.table, 't')
      .select(this.minuteOf(`t.${p.column}`), 'minute').addSelect('COUNT(*)', 'n')
      .where(`t.${p.column} >= :since`, { since: p.since })
      .groupBy('minute');
    if (p.status !== undefined) qb.andWhere('t.status = :status', { status: p.status });
    const rows = await qb.getRawMany<{ minute: Date | string; n: number | string }>();
    return new Map(rows.map((r) => [minuteStart(r.minute), Number(r.n)]));
  }

  /** The start of the row's minute: a timestamp on PostgreSQL, a UTC text on SQLite (how TypeORM stores dates there). */
  private minuteOf(column: string): string {
    return this.db.options.type === 'postgres' ? `date_trunc('minute', ${column})` : `strftime('%Y-%m-%d %H:%M:00', ${column})`;
  }
}

function minuteStart(value: Date | string): number {
  const date = value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
  return Math.floor(date.getTime() / MINUTE_MS) * MINUTE_MS;
}
