/** One piece of work waiting in a lane: `run` sends, `cancel` gives the claim back unsent. */
export interface LaneTask {
  run(): Promise<void>;
  cancel(): Promise<void>;
}

interface Lane {
  running: Set<Promise<void>>;
  waiting: LaneTask[];
  /** Places taken by `reserve()` for a task not submitted yet (its claim is being written). */
  reserved: number;
}

/**
 * Each storage backend's own concurrency budget in this process: at most `concurrency` sends
 * at once and `queue` more waiting. A hanging peer fills only its own lane; every other
 * destination keeps its slots (the broker's prefetch only bounds how fast messages are taken).
 */
export class DestinationLanes {
  private readonly lanes = new Map<number, Lane>();
  private closed = false;

  /** Room a lane that still has a send for every slot waits for before `onRoom` hears of it. */
  private readonly refillAt: number;

  /**
   * `onRoom` hears of a lane that has room again after a send (a refill of what waits in the
   * ledger): once `refillBatch` places are free (one refill for many, not one per send), or at
   * once when fewer tasks than its concurrency are left.
   */
  constructor(
    private readonly concurrency: number,
    private readonly queue: number,
    private readonly onRoom?: (destinationId: number, room: number) => void,
    refillBatch = 16,
  ) {
    this.refillAt = Math.max(1, Math.min(refillBatch, queue));
  }

  /** Whether the lane takes one more now (a full lane's deliveries wait in the ledger instead). */
  hasRoom(destinationId: number): boolean {
    const lane = this.lanes.get(destinationId);
    return !this.closed && (!lane || occupied(lane) < this.concurrency + this.queue);
  }

  /**
   * Takes a place in the lane for a task about to be submitted (after an await, such as its
   * claim): concurrent callers cannot all see room and overfill it. False when it is full.
   * The place is used by `submit()` or given back by `unreserve()`.
   */
  reserve(destinationId: number): boolean {
    if (!this.hasRoom(destinationId)) return false;
    this.laneOf(destinationId).reserved++;
    return true;
  }

  unreserve(destinationId: number): void {
    const lane = this.lanes.get(destinationId);
    if (!lane || lane.reserved === 0) return;
    lane.reserved--;
    if (occupied(lane) === 0) this.lanes.delete(destinationId);
  }

  /** Sends in flight and waiting, per destination (for status and tests). */
  load(destinationId: number): { running: number; waiting: number } {
    const lane = this.lanes.get(destinationId);
    return { running: lane?.running.size ?? 0, waiting: lane?.waiting.length ?? 0 };
  }

  /** Queues the task (in the place it reserved, if any); resolves when it has run (or was cancelled by a drain). */
  submit(destinationId: number, task: LaneTask): Promise<void> {
    const lane = this.laneOf(destinationId);
    if (lane.reserved > 0) lane.reserved--;
    return new Promise<void>((resolve) => {
      lane.waiting.push({
        run: () => task.run().finally(resolve),
        cancel: () => task.cancel().finally(resolve),
      });
      this.pump(destinationId, lane);
    });
  }

  /**
   * Shutdown: waiting tasks are cancelled at once; running ones may finish until `deadline`
   * (epoch ms). Returns how many were still running then.
   */
  async drain(deadline: number): Promise<number> {
    this.closed = true;
    const cancelled: Promise<void>[] = [];
    const running: Promise<void>[] = [];
    for (const lane of this.lanes.values()) {
      for (const task of lane.waiting.splice(0)) cancelled.push(task.cancel().catch(() => undefined));
      running.push(...lane.running);
    }
    await Promise.all(cancelled);
    let left = running.length;
    const settled = Promise.all(
      running.map((p) =>
        p.finally(() => {
          left--;
        }),
      ),
    );
    await Promise.race([settled, new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())).unref())]);
    return left;
  }

  private laneOf(destinationId: number): Lane {
    let lane = this.lanes.get(destinationId);
    if (!lane) {
      lane = { running: new Set(), waiting: [], reserved: 0 };
      this.lanes.set(destinationId, lane);
    }
    return lane;
  }

  private pump(destinationId: number, lane: Lane): void {
    while (!this.closed && lane.running.size < this.concurrency && lane.waiting.length > 0) {
      const task = lane.waiting.shift() as LaneTask;
      const done: Promise<void> = task
        .run()
        .catch(() => undefined)
        .finally(() => {
          lane.running.delete(done);
          if (occupied(lane) === 0) this.lanes.delete(destinationId);
          else this.pump(destinationId, lane);
          const left = occupied(lane);
          const room = this.concurrency + this.queue - left;
          if (!this.closed && room > 0 && (room >= this.refillAt || left < this.concurrency))
            this.onRoom?.(destinationId, room);
        });
      lane.running.add(done);
    }
  }
}

function occupied(lane: Lane): number {
  return lane.running.size + lane.waiting.length + lane.reserved;
}
