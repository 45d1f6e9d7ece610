import { Injectable } from '@nestjs/common';
import type { ThroughputDto, ThroughputPointDto } from '@axiom/contracts';
import { ThroughputStore } from '@axiom/persistence';

const MINUTE_MS = 60_000;

/**
 * Per-minute counts for the dashboard chart, one point per minute, quiet minutes as zeros.
 * "failed" is a delivery dead-lettered in that minute.
 */
@Injectable()
export class ThroughputService {
  constructor(private readonly store: ThroughputStore) {}

  async perMinute(minutes: number): Promise<ThroughputDto> {
    const end = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    const since = new Date(end - minutes * MINUTE_MS);
    const [received, delivered, failed] = await Promise.all([
      this.store.perMinute('received', since),
      this.store.perMinute('delivered', since),
      this.store.perMinute('failed', since),
    ]);
    const points: ThroughputPointDto[] = [];
    for (let t = since.getTime(); t < end; t += MINUTE_MS) {
      points.push({
        minute: new Date(t).toISOString(),
        received: received.get(t) ?? 0,
        delivered: delivered.get(t) ?? 0,
        failed: failed.get(t) ?? 0,
      });
    }
    return { minutes, points };
  }
}
