import { closeSync, fdatasync, openSync, unlinkSync, write as fsWrite, writev as fsWritev } from 'node:fs';
import { Writable } from 'node:stream';

const WRITE_HIGH_WATER = 8 * 1024 * 1024;

/** Pauses the sender while any of its reasons holds (a slow disk, a long response queue). */
export class ReceiveGate {
  private readonly reasons = new Set<string>();

  constructor(private readonly pause: () => void, private readonly resume: () => void) {}

  hold(reason: string): void {
    if (this.reasons.size === 0) this.pause();
    this.reasons.add(reason);
  }

  release(reason: string): void {
    if (!this.reasons.delete(reason)) return;
    if (this.reasons.size === 0) this.resume();
  }

  get holding(): boolean {
    return this.reasons.size > 0;
  }
}

/**
 * Streams one C-STORE data set to a file: our Part 10 header first, then the PDV bytes exactly
 * as received, fsynced when it ends. When more than WRITE_HIGH_WATER bytes wait for the disk the
 * gate pauses the socket, so a slow disk throttles the sender instead of growing memory.
 */
export class SpoolStream extends Writable {
  private readonly fd: number;
  /** Closed exactly once: a second close could hit a descriptor number reused by another file. */
  private fdOpen = true;
  /** A write is in the thread pool: closing now could let it land in a reused descriptor. */
  private writeInFlight: (() => void) | null = null;
  private readonly gateReason: string;
  private corkScheduled = false;
  failure: Error | null = null;

  constructor(readonly path: string, header: Buffer, private readonly gate: ReceiveGate) {
    super({ highWaterMark: WRITE_HIGH_WATER });
    this.gateReason = `spool ${path}`;
    this.fd = openSync(path, 'w');
    this.on('error', (err) => { this.failure = err; });
    this.on('drain', () => gate.release(this.gateReason));
    this.on('close', () => gate.release(this.gateReason));
    this.append(header);
  }

  /**
   * Queues one slice of received bytes (the slice itself, no copy). Slices queued in the same
   * tick (the header, the PDVs of one PDU) are corked together and reach the disk in one writev.
   */
  append(chunk: Buffer): void {
    if (this.failure || this.destroyed) return;
    if (!this.corkScheduled) {
      this.corkScheduled = true;
      this.cork();
      process.nextTick(() => {
        this.corkScheduled = false;
        this.uncork();
      });
    }
    if (!this.write(chunk)) this.gate.hold(this.gateReason);
  }

  /** Ends the file: resolves once it is fsynced and closed, rejects if any write failed. */
  complete(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.once('error', reject);
      this.end((err?: Error | null) => {
        if (err || this.failure) return reject(err ?? this.failure);
        // a discarded stream never finishes: it must not pass for a durable file
        if (!this.writableFinished) return reject(new Error('spool file discarded'));
        resolve();
      });
    });
  }

  /** Drops an upload that will never be acknowledged. */
  discard(): void {
    this.destroy();
    removeFile(this.path);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (error?: Error | null) => void): void {
    const writeAll = (offset: number): void => {
      this.writeInFlight = () => undefined;
      fsWrite(this.fd, chunk, offset, chunk.length - offset, null, (err, written) => {
        const afterWrite = this.writeInFlight;
        this.writeInFlight = null;
        if (!this.fdOpen || this.destroyed) {
          afterWrite?.();
          return cb(err);
        }
        if (err) return cb(err);
        if (offset + written < chunk.length) return writeAll(offset + written);
        cb();
      });
    };
    writeAll(0);
  }

  /** Everything queued meanwhile goes down in one writev: one thread-pool round trip, not one per PDV. */
  override _writev(chunks: { chunk: Buffer }[], cb: (error?: Error | null) => void): void {
    const buffers = chunks.map((c) => c.chunk);
    const total = buffers.reduce((n, b) => n + b.length, 0);
    this.writeInFlight = () => undefined;
    fsWritev(this.fd, buffers, (err, written) => {
      const afterWrite = this.writeInFlight;
      this.writeInFlight = null;
      if (!this.fdOpen || this.destroyed) {
        afterWrite?.();
        return cb(err);
      }
      if (err) return cb(err);
      if (written === total) return cb();
      // a short write (rare, e.g. a full disk racing): finish the rest with plain writes
      this._write(Buffer.concat(buffers).subarray(written), 'latin1', cb);
    });
  }

  /** fdatasync (the bytes and the size, not the timestamps), off the event loop: a slow disk must not stall every other association. */
  override _final(cb: (error?: Error | null) => void): void {
    this.writeInFlight = () => undefined;
    fdatasync(this.fd, (err) => {
      const afterSync = this.writeInFlight;
      this.writeInFlight = null;
      if (!this.fdOpen || this.destroyed) {
        afterSync?.();
        return cb(err ?? new Error('spool file discarded'));
      }
      if (err) return cb(err);
      try {
        this.closeFd();
        cb();
      } catch (closeErr) {
        cb(closeErr as Error);
      }
    });
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    if (this.writeInFlight) {
      this.writeInFlight = () => this._destroy(err, cb);
      return;
    }
    try {
      this.closeFd();
    } catch {
      // nothing more to release
    }
    cb(err);
  }

  private closeFd(): void {
    if (!this.fdOpen) return;
    this.fdOpen = false;
    closeSync(this.fd);
  }
}

export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
