import type { PollingState } from '@axiom/persistence';

/** The fields of a source row that decide when it polls. */
export interface ScheduledRow {
  isEnabled: boolean;
  isActive: boolean;
  pollingIntervalSeconds: number;
}

/**
 * Whether a source should start a round now: an enabled row with a poll-now request, or an
 * enabled, active row whose next run time has come (or was never set: a new row runs at once).
 */
export function isDue(
  row: ScheduledRow,
  state: Pick<PollingState, 'nextRunAt' | 'pollRequestedAt'> | null,
  now: Date,
): boolean {
  if (!row.isEnabled) return false;
  if (state?.pollRequestedAt) return true;
  if (!row.isActive) return false;
  return !state?.nextRunAt || state.nextRunAt.getTime() <= now.getTime();
}

/**
 * When the next round starts: one interval after this one, or after an error an interval that
 * doubles with each consecutive failure, up to the larger of the interval and `backoffMaxMs`,
 * so that a source that is down is asked less and less often.
 */
export function nextRunAt(o: {
  now: Date;
  intervalSeconds: number;
  failuresBefore: number;
  failed: boolean;
  backoffMaxMs: number;
}): Date {
  const interval = Math.max(1, o.intervalSeconds) * 1000;
  if (!o.failed) return new Date(o.now.getTime() + interval);
  const exponent = Math.min(o.failuresBefore, 20);
  const delay = Math.min(interval * 2 ** exponent, Math.max(interval, o.backoffMaxMs));
  return new Date(o.now.getTime() + delay);
}

/** Cursor arithmetic: the bound to query from, the watermark minus the overlap window. */
export function sinceOf(watermark: Date | null, overlapSeconds: number): Date | null {
  return watermark ? new Date(watermark.getTime() - overlapSeconds * 1000) : null;
}

/**
 * Where the watermark may move after a round: to the latest change time the round saw, but not
 * past (nor to) the earliest change time of a study left unfinished; nowhere when the listing did
 * not complete or an unfinished study has no change time.
 */
export function advancedWatermark(o: {
  listingComplete: boolean;
  latestSeen: Date | null;
  unfinished: (Date | null)[];
}): Date | null {
  if (!o.listingComplete || o.latestSeen === null) return null;
  if (o.unfinished.some((t) => t === null)) return null;
  const times = o.unfinished.map((t) => (t as Date).getTime());
  if (times.length === 0) return o.latestSeen;
  const bound = Math.min(...times) - 1;
  return new Date(Math.min(bound, o.latestSeen.getTime()));
}

/** A study is expanded when new, when its signature changed, or (no signature) when recent by the cursor. */
export function studyNeedsExpanding(o: {
  recorded: string | null | undefined;
  signature: string | null;
  changedAt: Date | null;
  since: Date | null;
}): boolean {
  if (o.recorded === undefined) return true;
  if (o.signature !== null) return o.signature !== o.recorded;
  return o.changedAt === null || o.since === null || o.changedAt.getTime() >= o.since.getTime();
}
