import { type FileHandle, open, stat } from 'node:fs/promises';

/** How often the kept descriptor is checked against the folder's current inode (in the background). */
const RECHECK_MS = 1000;

/**
 * fsyncs of folders, so that the renames into them survive a crash. A sync already running may
 * have begun before the latest rename, so renames made meanwhile share the next one (one or two
 * syncs for a burst, not one per instance). The folder synced last keeps its descriptor open (a
 * sync is then one thread-pool call, not open, fsync and close); the descriptor is checked in the
 * background against the folder's inode at most once a second and dropped if the folder was
 * replaced, and `forget` drops it at once (the folder was just made again).
 */
export class DirSyncs {
  private readonly states = new Map<string, { running: Promise<void> | null; next: Promise<void> | null }>();
  private kept: { dir: string; handle: Promise<FileHandle>; checkedAt: number } | null = null;

  constructor(private readonly openDir: (dir: string) => Promise<FileHandle> = (dir) => open(dir, 'r')) {}

  sync(dir: string): Promise<void> {
    const state = this.states.get(dir) ?? { running: null, next: null };
    this.states.set(dir, state);
    if (!state.running) {
      state.running = this.syncOnce(dir).finally(() => {
        state.running = null;
        if (!state.next) this.states.delete(dir);
      });
      return state.running;
    }
    state.next ??= state.running
      .catch(() => undefined)
      .then(() => {
        state.next = null;
        return this.sync(dir);
      });
    return state.next;
  }

  /** The folder was removed or made again: its kept descriptor is not used again. */
  forget(dir: string): void {
    if (this.kept?.dir === dir) this.drop();
  }

  async close(): Promise<void> {
    const kept = this.kept;
    this.kept = null;
    if (kept) await closeQuietly(kept.handle);
  }

  private async syncOnce(dir: string): Promise<void> {
    const kept = this.handleFor(dir);
    try {
      await (await kept.handle).sync();
    } catch (err) {
      if (this.kept === kept) this.drop();
      throw err;
    }
  }

  private handleFor(dir: string): { dir: string; handle: Promise<FileHandle>; checkedAt: number } {
    if (this.kept?.dir === dir) {
      if (Date.now() - this.kept.checkedAt >= RECHECK_MS) this.recheck(this.kept);
      return this.kept;
    }
    if (this.kept) this.drop();
    const handle = this.openDir(dir);
    handle.catch(() => undefined); // the sync that asked for it reports the failure
    this.kept = { dir, handle, checkedAt: Date.now() };
    return this.kept;
  }

  /** The descriptor still names the folder at that path (not one removed and made again meanwhile). */
  private recheck(kept: { dir: string; handle: Promise<FileHandle>; checkedAt: number }): void {
    kept.checkedAt = Date.now();
    void Promise.all([kept.handle.then((h) => h.stat()), stat(kept.dir)]).then(
      ([held, now]) => {
        if ((held.ino !== now.ino || held.dev !== now.dev) && this.kept === kept) this.drop();
      },
      () => {
        if (this.kept === kept) this.drop();
      },
    );
  }

  /** Closes the kept descriptor once the syncs that may be using it have ended. */
  private drop(): void {
    const kept = this.kept;
    this.kept = null;
    if (!kept) return;
    const state = this.states.get(kept.dir);
    void Promise.allSettled([state?.running, state?.next]).then(() => closeQuietly(kept.handle));
  }
}

async function closeQuietly(handle: Promise<FileHandle>): Promise<void> {
  await handle
    .then(
      (h) => h.close(),
      () => undefined,
    )
    .catch(() => undefined);
}
