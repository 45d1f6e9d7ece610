/** At most `limit` tasks at once (the politeness of one source: max_concurrent_retrievals). */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    // a finished task hands its slot straight to the next waiter, so no newcomer slips in between
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }

  /** Runs `task` for each item within the limit; resolves when all settled, with their results in order. */
  all<I, T>(items: readonly I[], task: (item: I) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
    return Promise.allSettled(items.map((item) => this.run(() => task(item))));
  }
}
