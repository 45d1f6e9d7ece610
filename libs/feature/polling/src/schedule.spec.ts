import { ConcurrencyLimit } from './limiter';
import { advancedWatermark, isDue, nextRunAt, sinceOf, studyNeedsExpanding } from './schedule';
import { rowSignature } from './polling-scheduler.service';

const now = new Date('2026-01-01T12:00:00Z');
const at = (s: string) => new Date(s);

describe('polling schedule', () => {
  const row = { isEnabled: true, isActive: true, pollingIntervalSeconds: 60 };

  it('is due when enabled, active and its time has come, or on poll-now even when paused', () => {
    expect(isDue(row, null, now)).toBe(true);
    expect(isDue(row, { nextRunAt: at('2026-01-01T12:00:01Z'), pollRequestedAt: null }, now)).toBe(false);
    expect(isDue(row, { nextRunAt: at('2026-01-01T11:59:59Z'), pollRequestedAt: null }, now)).toBe(true);
    expect(isDue({ ...row, isActive: false }, { nextRunAt: null, pollRequestedAt: null }, now)).toBe(false);
    expect(
      isDue({ ...row, isActive: false }, { nextRunAt: at('2030-01-01T00:00:00Z'), pollRequestedAt: now }, now),
    ).toBe(true);
    expect(isDue({ ...row, isEnabled: false }, { nextRunAt: null, pollRequestedAt: now }, now)).toBe(false);
  });

  it('runs again one interval later, and backs off after errors up to the larger of interval and cap', () => {
    const next = (failuresBefore: number, failed: boolean, intervalSeconds = 60, backoffMaxMs = 600_000) =>
      nextRunAt({ now, intervalSeconds, failuresBefore, failed, backoffMaxMs }).getTime() - now.getTime();
    expect(next(5, false)).toBe(60_000);
    expect([0, 1, 2, 3].map((f) => next(f, true))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(next(10, true)).toBe(600_000);
    expect(next(3, true, 3600)).toBe(3_600_000);
  });

  it('queries from the watermark minus the overlap window', () => {
    expect(sinceOf(null, 3600)).toBeNull();
    expect(sinceOf(at('2026-01-01T12:00:00Z'), 3600)?.toISOString()).toBe('2026-01-01T11:00:00.000Z');
  });

  it('moves the watermark only past studies fully queued', () => {
    const latestSeen = at('2026-01-05T00:00:00Z');
    expect(advancedWatermark({ listingComplete: true, latestSeen, unfinished: [] })).toEqual(latestSeen);
    expect(advancedWatermark({ listingComplete: false, latestSeen, unfinished: [] })).toBeNull();
    expect(
      advancedWatermark({
        listingComplete: true,
        latestSeen,
        unfinished: [at('2026-01-03T00:00:00Z'), at('2026-01-02T00:00:00Z')],
      })?.toISOString(),
    ).toBe('2026-01-01T23:59:59.999Z');
    expect(advancedWatermark({ listingComplete: true, latestSeen, unfinished: [null] })).toBeNull();
    expect(advancedWatermark({ listingComplete: true, latestSeen: null, unfinished: [] })).toBeNull();
  });

  it('expands new and changed studies, and without a signature the recent ones', () => {
    const since = at('2026-01-01T00:00:00Z');
    expect(studyNeedsExpanding({ recorded: undefined, signature: 's', changedAt: null, since })).toBe(true);
    expect(studyNeedsExpanding({ recorded: 's', signature: 's', changedAt: null, since })).toBe(false);
    expect(studyNeedsExpanding({ recorded: 's', signature: 't', changedAt: at('2020-01-01T00:00:00Z'), since })).toBe(
      true,
    );
    expect(studyNeedsExpanding({ recorded: null, signature: null, changedAt: at('2020-01-01T00:00:00Z'), since })).toBe(
      false,
    );
    expect(studyNeedsExpanding({ recorded: null, signature: null, changedAt: at('2026-01-02T00:00:00Z'), since })).toBe(
      true,
    );
    expect(studyNeedsExpanding({ recorded: null, signature: null, changedAt: null, since })).toBe(true);
  });

  it('keeps at most N tasks in flight', async () => {
    const limit = new ConcurrencyLimit(2);
    let active = 0;
    let peak = 0;
    const results = await limit.all([1, 2, 3, 4, 5], async (n) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      if (n === 3) throw new Error('three');
      return n * 10;
    });
    expect(peak).toBe(2);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'x'))).toEqual([10, 20, 'x', 40, 50]);
  });

  it('sees a changed row, not the counters a round writes', () => {
    const base = {
      id: 1,
      baseUrl: 'http://a',
      isActive: true,
      foundInstanceCount: 0,
      lastSuccessfulRun: null,
      updatedAt: now,
    };
    expect(rowSignature({ ...base, foundInstanceCount: 9, lastSuccessfulRun: now, updatedAt: new Date() })).toBe(
      rowSignature(base),
    );
    expect(rowSignature({ ...base, baseUrl: 'http://b' })).not.toBe(rowSignature(base));
    expect(rowSignature({ ...base, isActive: false })).not.toBe(rowSignature(base));
  });
});
