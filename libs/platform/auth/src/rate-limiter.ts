import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@axiom/contracts';
import { AuthException } from './auth.exception';

interface Window {
  startedAt: number;
  count: number;
}

/** Fixed one-minute windows per key (sign-in per address, API key per prefix). Per process. */
@Injectable()
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one hit; throws 429 when `key` is over `perMinute` in the current window. */
  consume(key: string, perMinute: number): void {
    const now = this.now();
    if (this.windows.size > 10_000) this.evictOlderThan(now - 60_000);
    const w = this.windows.get(key);
    if (!w || now - w.startedAt >= 60_000) {
      this.windows.set(key, { startedAt: now, count: 1 });
      return;
    }
    w.count += 1;
    if (w.count > perMinute) throw new AuthException(ErrorCode.RateLimited, 'too many requests, retry in a minute');
  }

  private evictOlderThan(limit: number): void {
    for (const [k, w] of this.windows) if (w.startedAt < limit) this.windows.delete(k);
  }
}
