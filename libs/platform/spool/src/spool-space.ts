import { statfs } from 'node:fs/promises';

/** How long one look at the file system's free space is trusted: a burst of instances costs one statfs. */
const CHECK_TTL_MS = 250;

/** The free-space figures of the file system that holds a path (bytes available to this user). */
export type FreeSpaceProbe = (path: string) => Promise<number>;

export const statfsFreeBytes: FreeSpaceProbe = async (path) => {
  const s = await statfs(path);
  return Number(s.bavail) * Number(s.bsize);
};

/**
 * The spool's free space is below its floor (SPOOL_MIN_FREE_MB). Intake must refuse with a
 * transient failure (C-STORE 0xA700, STOW-RS 503): nothing is acknowledged that cannot be kept.
 */
export class SpoolFullError extends Error {
  constructor(
    readonly freeBytes: number,
    readonly floorBytes: number,
  ) {
    super(
      `spool full: ${Math.floor(freeBytes / 1024 ** 2)} MB free, below the floor of ${Math.floor(floorBytes / 1024 ** 2)} MB (SPOOL_MIN_FREE_MB); try again later`,
    );
    this.name = 'SpoolFullError';
  }
}

export interface SpaceCheck {
  ok: boolean;
  freeBytes: number;
  floorBytes: number;
}

/**
 * The free-space floor of one spool path. Each check looks at the file system again (at most
 * every CHECK_TTL_MS), so intake resumes by itself as soon as space returns.
 */
export class SpoolSpace {
  private last: { at: number; check: Promise<SpaceCheck> } | null = null;

  constructor(
    private readonly path: string,
    readonly floorBytes: number,
    private readonly probe: FreeSpaceProbe = statfsFreeBytes,
  ) {}

  check(now = Date.now()): Promise<SpaceCheck> {
    if (this.last && now - this.last.at < CHECK_TTL_MS) return this.last.check;
    const check = this.probe(this.path).then((freeBytes) => ({
      ok: freeBytes >= this.floorBytes,
      freeBytes,
      floorBytes: this.floorBytes,
    }));
    // a failed look is not remembered: the next caller looks again
    check.catch(() => {
      this.last = null;
    });
    this.last = { at: now, check };
    return check;
  }

  /** Throws SpoolFullError below the floor. */
  async ensure(): Promise<void> {
    if (this.floorBytes <= 0) return;
    const c = await this.check();
    if (!c.ok) throw new SpoolFullError(c.freeBytes, c.floorBytes);
  }
}
