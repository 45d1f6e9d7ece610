import { Injectable } from '@nestjs/common';

/** Headers held at most; past it the oldest is dropped (its routing reads the file, as after a restart). */
const HELD_MAX = 1024;
/** Bytes held at most in all; a header larger than a sixteenth of it is not held. */
const HELD_BYTES_MAX = 16 * 1024 * 1024;

/**
 * The header bytes ingest checked (the spool file's start, up to its pixel data), handed to
 * routing in the same process, so that routing does not read the file back: in the embedded mode
 * every instance's header is then read from the disk never, and parsed twice (ingest, routing)
 * instead of three times. Keyed by spool path (a spool file is never written again). Held only
 * once a consumer in this process said it takes them (`accept`): a listener-only process of the
 * distributed mode holds nothing. A header not found here is read from the file: this is a cache
 * of the file's bytes, never the only copy of anything.
 */
@Injectable()
export class SpoolHeaders {
  private readonly held = new Map<string, Buffer>();
  private heldBytes = 0;
  private accepting = false;

  /** Routing of this process takes headers from here. */
  accept(): void {
    this.accepting = true;
  }

  /** `header`: exactly the first bytes of the spool file at `spoolPath`. */
  hold(spoolPath: string, header: Buffer): void {
    if (!this.accepting || header.length > HELD_BYTES_MAX / 16) return;
    this.drop(spoolPath);
    while (this.held.size >= HELD_MAX || this.heldBytes + header.length > HELD_BYTES_MAX) {
      const oldest = this.held.keys().next().value as string;
      this.drop(oldest);
    }
    this.held.set(spoolPath, header);
    this.heldBytes += header.length;
  }

  /** The header held for a spool file, let go here; undefined: read the file. */
  take(spoolPath: string): Buffer | undefined {
    const header = this.held.get(spoolPath);
    if (header) this.drop(spoolPath);
    return header;
  }

  drop(spoolPath: string): void {
    const header = this.held.get(spoolPath);
    if (!header) return;
    this.held.delete(spoolPath);
    this.heldBytes -= header.length;
  }

  get size(): number {
    return this.held.size;
  }
}
