import { open } from 'node:fs/promises';

/** Files up to this size are read into a reused buffer; larger ones get their own. */
export const REUSED_MAX = 4 * 1024 * 1024;
/** Buffers kept between reads (one per concurrent ingest, beyond that they are allocated). */
const KEPT = 4;

/**
 * Whole-file reads for ingest's structural check without a new 0.5 MB allocation per instance:
 * an image a second per association otherwise hands the garbage collector hundreds of MB/s of
 * external memory. `use` lends the bytes only for the callback; nothing may keep them after it.
 */
export class FileBuffers {
  private readonly free: Buffer[] = [];

  async use<T>(path: string, size: number, read: (bytes: Buffer) => T): Promise<T> {
    const buffer = this.borrow(size);
    try {
      const fh = await open(path, 'r');
      let filled = 0;
      try {
        while (filled < size) {
          const { bytesRead } = await fh.read(buffer, filled, size - filled, filled);
          if (bytesRead === 0) break; // shorter than stat said: parse what is there
          filled += bytesRead;
        }
      } finally {
        await fh.close();
      }
      return read(buffer.subarray(0, filled));
    } finally {
      this.giveBack(buffer);
    }
  }

  /**
   * The same for a file whose bytes are still in memory (the slices the spool wrote): one slice is
   * lent as it is, several are copied into a reused buffer, and the file is not read back.
   */
  useSlices<T>(slices: readonly Buffer[], size: number, read: (bytes: Buffer) => T): T {
    if (slices.length === 1) return read(slices[0] as Buffer);
    const buffer = this.borrow(size);
    try {
      let filled = 0;
      for (const slice of slices) filled += slice.copy(buffer, filled);
      return read(buffer.subarray(0, filled));
    } finally {
      this.giveBack(buffer);
    }
  }

  private borrow(size: number): Buffer {
    return size <= REUSED_MAX ? (this.free.pop() ?? Buffer.allocUnsafe(REUSED_MAX)) : Buffer.allocUnsafe(size);
  }

  private giveBack(buffer: Buffer): void {
    if (buffer.length === REUSED_MAX && this.free.length < KEPT) this.free.push(buffer);
  }
}
