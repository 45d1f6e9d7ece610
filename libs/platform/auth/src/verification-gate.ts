import { ErrorCode } from '@axiom/contracts';
import { AuthException } from './auth.exception';

/**
 * Bounds how many scrypt verifications run at once. scrypt runs on the libuv thread pool, which
 * spool writes and file reads share: unbounded, a flood of wrong keys from many addresses would
 * starve ingest. Beyond `maxWaiting` queued verifications the request is refused (429).
 */
export class VerificationGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxActive = 2,
    private readonly maxWaiting = 64,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.maxActive) {
      if (this.waiting.length >= this.maxWaiting)
        throw new AuthException(ErrorCode.RateLimited, 'too many key verifications in progress, retry shortly');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await task();
    } finally {
      // hand the slot straight to the next waiter (active stays counted), or free it
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
