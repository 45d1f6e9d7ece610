/** One caller's item in a batch, and how its own outcome reaches it. */
interface Waiting<T, R> {
  item: T;
  size: number;
  id: string;
  resolve: (value: R) => void;
  reject: (err: Error) => void;
}

export interface BatchLimits {
  maxItems: number;
  maxBytes: number;
}

/** The outcome of each item of a batch, in the order given: a value, or an error for that item alone. */
export type BatchOutcome<R> = { ok: true; value: R } | { ok: false; error: Error };

export type BatchSender<T, R> = (key: string, items: T[]) => Promise<BatchOutcome<R>[]>;

/**
 * Coalesces concurrent calls per key (a destination and a study) into batches: at most one batch
 * per key is being assembled or in flight; calls that arrive meanwhile wait and go together in
 * the next one, up to `maxItems` items or `maxBytes` (a single larger item still goes, alone).
 * Two items with the same id never share a batch (answers name instances by their UID). Each
 * call settles with its own item's outcome; a batch that fails as a whole fails each of its calls.
 */
export class StudyBatcher<T, R> {
  private readonly waiting = new Map<string, Waiting<T, R>[]>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly limits: BatchLimits,
    private readonly sendBatch: BatchSender<T, R>,
  ) {}

  submit(key: string, item: T, o: { id: string; size: number }): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.waiting.get(key) ?? [];
      queue.push({ item, size: o.size, id: o.id, resolve, reject });
      this.waiting.set(key, queue);
      if (!this.busy.has(key)) {
        this.busy.add(key);
        // the calls of this turn of the event loop join the first batch too
        setImmediate(() => void this.drain(key));
      }
    });
  }

  /** Keys with a batch waiting or in flight. */
  get pendingKeys(): number {
    return this.busy.size;
  }

  private async drain(key: string): Promise<void> {
    for (;;) {
      const queue = this.waiting.get(key) ?? [];
      if (queue.length === 0) {
        this.waiting.delete(key);
        this.busy.delete(key);
        return;
      }
      const batch = this.take(queue);
      let outcomes: BatchOutcome<R>[];
      try {
        outcomes = await this.sendBatch(
          key,
          batch.map((w) => w.item),
        );
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        for (const w of batch) w.reject(error);
        continue;
      }
      batch.forEach((w, i) => {
        const outcome = outcomes[i];
        if (!outcome) w.reject(new Error('the batch sender gave no outcome for this item'));
        else if (outcome.ok) w.resolve(outcome.value);
        else w.reject(outcome.error);
      });
    }
  }

  /** Removes and returns the next batch from the front of the queue, keeping arrival order otherwise. */
  private take(queue: Waiting<T, R>[]): Waiting<T, R>[] {
    const batch: Waiting<T, R>[] = [];
    const ids = new Set<string>();
    let bytes = 0;
    for (let i = 0; i < queue.length && batch.length < this.limits.maxItems;) {
      const w = queue[i] as Waiting<T, R>;
      const fits = batch.length === 0 || bytes + w.size <= this.limits.maxBytes;
      if (!ids.has(w.id) && fits) {
        batch.push(w);
        ids.add(w.id);
        bytes += w.size;
        queue.splice(i, 1);
      } else {
        i++;
      }
    }
    return batch;
  }
}
