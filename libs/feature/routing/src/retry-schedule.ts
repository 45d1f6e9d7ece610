import type { RetryPolicy, DestinationEntity } from '@axiom/persistence';
import type { AppConfig } from '@axiom/platform-config';

/** A delivery's retry schedule: attempts, and exponential waits from base up to max between them. */
export interface RetrySchedule {
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/** Waits are never shorter than the schedule and at most this much longer (so retries of many deliveries spread out). */
const JITTER = 0.25;

/** The wait after failed attempt `attempt` (1-based): min(max, base * 2^(n-1)), plus up to a quarter of it at random. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (1 + Math.random() * JITTER));
}

/** The least time from a delivery's first attempt to its last (the outage it rides out). */
export function retrySpanMs(s: RetrySchedule): number {
  let total = 0;
  for (let attempt = 1; attempt < s.maxAttempts; attempt++)
    total += Math.min(s.backoffMaxMs, s.backoffBaseMs * 2 ** (attempt - 1));
  return total;
}

/** The storage backend's own schedule where it sets one, the process's (DELIVERY_MAX_ATTEMPTS, DELIVERY_BACKOFF_*) otherwise. */
export function retryScheduleOf(
  backend: Pick<DestinationEntity, 'retryPolicy'> | null,
  config: AppConfig['delivery'],
): RetrySchedule {
  const own: RetryPolicy = backend?.retryPolicy ?? {};
  return {
    maxAttempts: own.maxAttempts ?? config.maxAttempts,
    backoffBaseMs: own.backoffBaseMs ?? config.backoffBaseMs,
    backoffMaxMs: own.backoffMaxMs ?? config.backoffMaxMs,
  };
}
