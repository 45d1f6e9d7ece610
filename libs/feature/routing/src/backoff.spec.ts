import { loadConfig } from '@axiom/platform-config';
import { backoffMs, retryScheduleOf, retrySpanMs } from './retry-schedule';

describe('backoffMs', () => {
  it.each([1, 2, 3, 5, 8, 20])(
    'attempt %i waits at least min(max, base * 2^(n-1)) and at most a quarter more',
    (attempt) => {
      const ceiling = Math.min(60_000, 1000 * 2 ** (attempt - 1));
      for (let i = 0; i < 200; i++) {
        const v = backoffMs(attempt, 1000, 60_000);
        expect(v).toBeGreaterThanOrEqual(ceiling);
        expect(v).toBeLessThanOrEqual(ceiling * 1.25);
      }
    },
  );
});

describe('the retry schedule', () => {
  const defaults = loadConfig({}).delivery;

  it('spans at least 24 hours by default (an outage of a day is ridden out)', () => {
    const span = retrySpanMs(retryScheduleOf(null, defaults));
    expect(span).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(span).toBeLessThan(48 * 3_600_000);
  });

  it("takes a storage backend's own settings over the process defaults, field by field", () => {
    expect(retryScheduleOf({ retryPolicy: { maxAttempts: 3, backoffBaseMs: 100 } }, defaults)).toEqual({
      maxAttempts: 3,
      backoffBaseMs: 100,
      backoffMaxMs: defaults.backoffMaxMs,
    });
    expect(retrySpanMs({ maxAttempts: 4, backoffBaseMs: 100, backoffMaxMs: 250 })).toBe(100 + 200 + 250);
    expect(retrySpanMs({ maxAttempts: 1, backoffBaseMs: 100, backoffMaxMs: 250 })).toBe(0);
  });
});
