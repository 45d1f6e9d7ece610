import type { SourceType } from '@axiom/domain';
import type { PollingStateRepository, RoundCounts, SourceRef } from '@axiom/persistence';
import { ConcurrencyLimit } from './limiter';
import { advancedWatermark, studyNeedsExpanding } from './schedule';
import type { IngestSink, PollContext, RetrievalItem, SourceDriver, StudyCandidate } from './source-driver';

/** Studies whose seen records are read in one query. */
const STUDY_BATCH = 100;
/** Errors kept for last_error_message (the first ones; the count says how many more). */
const KEPT_ERRORS = 3;

export interface RoundInput {
  driver: SourceDriver;
  repo: PollingStateRepository;
  ref: SourceRef;
  ctx: PollContext;
  sink: IngestSink;
  /** The source as the ledger names what it ingested. */
  identity: { type: SourceType; name: string };
  concurrency: number;
}

export interface RoundResult {
  counts: RoundCounts;
  /** The study-level query went through every page. */
  listingComplete: boolean;
  retrievedAny: boolean;
  errors: string[];
  errorCount: number;
  /** Where the cursor may move, or null to keep it. */
  watermark: Date | null;
  aborted: boolean;
}

/**
 * One round of one source: the study query, then for each new or changed study its items, the
 * retrieval of those not seen yet (at most `concurrency` in flight), and the seen records, each
 * written only after what it covers was durably queued. A study is recorded as seen (with its
 * signature) only when all its items are; the cursor moves only past studies fully queued.
 */
export class PollRound {
  private readonly counts: RoundCounts = {
    studiesFound: 0,
    studiesQueued: 0,
    itemsFound: 0,
    itemsQueued: 0,
    instancesProcessed: 0,
  };
  private readonly errors: string[] = [];
  private errorCount = 0;
  private readonly unfinished: (Date | null)[] = [];
  private latestSeen: Date | null = null;
  private retrievedAny = false;
  private readonly expansions: ConcurrencyLimit;
  private readonly retrievals: ConcurrencyLimit;

  constructor(private readonly input: RoundInput) {
    this.expansions = new ConcurrencyLimit(input.concurrency);
    this.retrievals = new ConcurrencyLimit(input.concurrency);
  }

  async run(): Promise<RoundResult> {
    const { driver, ctx } = this.input;
    const pending: Promise<void>[] = [];
    let listingComplete = false;
    try {
      let batch: StudyCandidate[] = [];
      for await (const study of driver.listStudies(ctx)) {
        if (ctx.signal.aborted) break;
        batch.push(study);
        if (batch.length >= STUDY_BATCH) {
          pending.push(...(await this.triage(batch)));
          batch = [];
        }
      }
      if (!ctx.signal.aborted) {
        pending.push(...(await this.triage(batch)));
        listingComplete = true;
      }
    } catch (err) {
      if (!ctx.signal.aborted) this.fail(`study query: ${messageOf(err)}`);
    }
    await Promise.all(pending);
    const aborted = ctx.signal.aborted;
    return {
      counts: this.counts,
      listingComplete,
      retrievedAny: this.retrievedAny,
      errors: this.errors,
      errorCount: this.errorCount,
      aborted,
      watermark: aborted
        ? null
        : advancedWatermark({ listingComplete, latestSeen: this.latestSeen, unfinished: this.unfinished }),
    };
  }

  /** Decides which of a batch of listed studies to expand; returns their expansions (running). */
  private async triage(batch: StudyCandidate[]): Promise<Promise<void>[]> {
    if (batch.length === 0) return [];
    const { repo, ref, ctx } = this.input;
    const recorded = await repo.seen(
      ref,
      'study',
      batch.map((s) => s.studyInstanceUid),
    );
    const started: Promise<void>[] = [];
    for (const study of batch) {
      if (study.changedAt && (!this.latestSeen || study.changedAt > this.latestSeen)) this.latestSeen = study.changedAt;
      if (
        !studyNeedsExpanding({
          recorded: recorded.get(study.studyInstanceUid),
          signature: study.signature,
          changedAt: study.changedAt,
          since: ctx.cursor.since,
        })
      )
        continue;
      this.counts.studiesFound++;
      started.push(this.expansions.run(() => this.expand(study)));
    }
    return started;
  }

  private async expand(study: StudyCandidate): Promise<void> {
    const { driver, repo, ref, ctx, identity } = this.input;
    try {
      if (ctx.signal.aborted) throw new Error('round stopped');
      const items = await driver.listItems(ctx, study);
      const recorded = await repo.seen(
        ref,
        'item',
        items.map((i) => i.key),
      );
      let fresh = items.filter((i) => !recorded.has(i.key) || recorded.get(i.key) !== i.signature);
      // a poller killed between an ingest and its seen record: the ledger already holds the instance
      const instanceLevel = fresh.filter((i) => i.sopInstanceUid !== null && i.signature === null);
      const inLedger = await repo.alreadyIngested(
        identity,
        instanceLevel.map((i) => i.sopInstanceUid as string),
      );
      for (const item of instanceLevel)
        if (inLedger.has(item.sopInstanceUid as string)) await repo.markSeen(ref, 'item', item.key, item.signature);
      fresh = fresh.filter(
        (i) => !(i.signature === null && i.sopInstanceUid !== null && inLedger.has(i.sopInstanceUid)),
      );
      this.counts.itemsFound += fresh.length;
      const results = await this.retrievals.all(fresh, (item) => this.retrieve(item));
      const complete = !ctx.signal.aborted && results.every((r) => r.status === 'fulfilled' && r.value);
      if (complete) {
        await repo.markSeen(ref, 'study', study.studyInstanceUid, study.signature);
        this.counts.studiesQueued++;
      } else {
        this.unfinished.push(study.changedAt);
      }
    } catch (err) {
      this.unfinished.push(study.changedAt);
      if (!ctx.signal.aborted) this.fail(`study ${study.studyInstanceUid}: ${messageOf(err)}`);
    }
  }

  /** True when the item was retrieved whole and its seen record written. */
  private async retrieve(item: RetrievalItem): Promise<boolean> {
    const { driver, repo, ref, ctx, sink } = this.input;
    if (ctx.signal.aborted) return false;
    try {
      const report = await driver.retrieve(ctx, item, sink);
      this.counts.instancesProcessed += report.processed;
      if (report.processed > 0) this.retrievedAny = true;
      if (report.error !== null) {
        if (!ctx.signal.aborted)
          this.fail(`${item.sopInstanceUid ? 'instance' : 'series'} ${item.key}: ${report.error}`);
        if (!report.permanent) return false;
      }
      await repo.markSeen(ref, 'item', item.key, item.signature);
      if (report.error === null) this.counts.itemsQueued++;
      return true;
    } catch (err) {
      if (!ctx.signal.aborted) this.fail(`${item.key}: ${messageOf(err)}`);
      return false;
    }
  }

  private fail(message: string): void {
    this.errorCount++;
    if (this.errors.length < KEPT_ERRORS) this.errors.push(message);
  }
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
