import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@axiom/contracts';
import { AuthException } from './auth.exception';

interface Window {
  startedAt: number;
  count: number;
}

/** Fixed one-minute windows per key (sign-in and bad keys per address and prefix, requests per API key). Per process. */
@Injectable()
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one hit; throws 429 when `key` is over `perMinute` in the current window. */
  consume(key: string, perMinute: number): void {
    if (!this.take(key, perMinute))
      throw new AuthException(ErrorCode.RateLimited, 'too many requests, retry in a minute');
  }

  /** Counts one hit; false when `key` is over `perMinute` in the current window. */
  take(key: string, perMinute: number): boolean {
    const now = this.now();
    if (this.windows.size > 10_000) this.evictOlderThan(now - 60_000);
    const w = this.windows.get(key);
    if (!w || now - w.startedAt >= 60_000) {
      this.windows.set(key, { startedAt: now, count: 1 });
      return 1 <= perMinute;
    }
    w.count += 1;
    return w.count <= perMinute;
  }

  /** Gives back one hit of the current window (an attempt counted in advance that turned out fine). */
  refund(key: string): void {
    const w = this.windows.get(key);
    if (w && w.count > 0) w.count -= 1;
  }

  private evictOlderThan(limit: number): void {
    for (const [k, w] of this.windows) if (w.startedAt < limit) this.windows.delete(k);
  }
}
