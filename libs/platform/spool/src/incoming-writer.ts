import { close, fdatasync, open, unlinkSync, write as fsWrite, writev as fsWritev } from 'node:fs';
import { Writable } from 'node:stream';

const WRITE_HIGH_WATER = 8 * 1024 * 1024;

/** Pauses the sender while it holds (a network layer's gate); optional. */
export interface SpoolPressure {
  hold(reason: string): void;
  release(reason: string): void;
}

/**
 * The one writer of incoming objects (C-STORE, STOW-RS, WADO-RS, C-GET): a file in the spool's
 * `incoming/` folder, written in arrival order with writev, fdatasynced when it ends and only then
 * finished, so `await pipeline(source, writer)` (or `complete()`) resolves once the bytes are
 * durable. Back-pressure both ways: as a Writable (`write()` returns false past the high-water
 * mark) and, for a socket that cannot await, `append()` holds the `pressure` gate until the disk
 * has drained. On destroy the descriptor is closed exactly once; `discard()` also unlinks the file.
 */
export class IncomingSpoolWriter extends Writable {
  private fd = -1;
  private readonly fileMode: number;
  /** Closed exactly once: a second close could hit a descriptor number reused by another file. */
  private fdOpen = false;
  private discarded = false;
  /** A write is in the thread pool: closing now could let it land in a reused descriptor. */
  private writeInFlight: (() => void) | null = null;
  private readonly gate: SpoolPressure | null;
  private readonly gateReason: string;
  private queued = 0;
  private corkScheduled = false;
  /** Hears that every byte is in the file (the fdatasync begins): see `finish()`. */
  private allWritten: (() => void) | null = null;
  /** The slices written so far, while they total at most `keepLimit` (see `takeBytes`); null past it. */
  private kept: Buffer[] | null;
  private keptSize = 0;
  private readonly keepLimit: number;
  /** Every byte is in the file (`_final` began). */
  private allInFile = false;
  failure: Error | null = null;

  constructor(
    readonly path: string,
    options: { header?: Buffer; pressure?: SpoolPressure; fileMode?: number; keep?: number } = {},
  ) {
    super({ highWaterMark: WRITE_HIGH_WATER });
    this.keepLimit = options.keep ?? 0;
    this.kept = this.keepLimit > 0 ? [] : null;
    this.gate = options.pressure ?? null;
    this.gateReason = `spool ${path}`;
    this.fileMode = options.fileMode ?? 0o600;
    this.on('error', (err) => {
      this.failure = err;
    });
    this.on('drain', () => this.gate?.release(this.gateReason));
    this.on('close', () => this.gate?.release(this.gateReason));
    if (options.header?.length) this.append(options.header);
  }

  /** Bytes handed to the disk so far (all of them once `complete()` resolved). */
  get bytesWritten(): number {
    return this.queued;
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
    if (!this.write(chunk)) this.gate?.hold(this.gateReason);
  }

  /** Ends the file: resolves once it is fsynced (closed right after), rejects if any write failed. */
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

  /**
   * Ends the file in two stages: `written` once every byte is in the file (readable, the fdatasync
   * running), `durable` once it is fsynced. A reader may check the bytes meanwhile;
   * nothing may be acknowledged before `durable`. Both reject if a write failed. `settled()` tells
   * when the descriptor is closed.
   */
  finish(): { written: Promise<void>; durable: Promise<void> } {
    const written = new Promise<void>((resolve) => {
      this.allWritten = resolve;
    });
    const durable = this.complete();
    return { written: Promise.race([written, durable]), durable };
  }

  /**
   * The file's bytes as the slices that were written, in order, when they total at most the
   * `keep` option (a reader may check them instead of reading the file back); null for a larger
   * file, before every byte is written, or on a second call (the slices are let go here).
   */
  takeBytes(): Buffer[] | null {
    const kept = this.kept;
    this.kept = null;
    return kept && this.allInFile ? kept : null;
  }

  /**
   * Drops an upload that will never be acknowledged: closed and removed. Resolves once the file
   * is gone (its open, or a write in flight, is waited for first); callers that answer a sender
   * about it await that, the network layers may let it run.
   */
  discard(): Promise<void> {
    this.discarded = true;
    if (this.closed) {
      removeFile(this.path);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.once('close', () => {
        removeFile(this.path);
        resolve();
      });
      this.destroy();
    });
  }

  /** Resolves once the file is closed (finished, failed or discarded): no write of it can still run. */
  settled(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.once('close', () => resolve()));
  }

  /** The file is opened in the thread pool; bytes appended meanwhile wait in the stream's buffer. */
  override _construct(cb: (error?: Error | null) => void): void {
    open(this.path, 'w', this.fileMode, (err, fd) => {
      if (err) return cb(err);
      this.fd = fd;
      this.fdOpen = true;
      cb();
    });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (error?: Error | null) => void): void {
    this.queued += chunk.length;
    this.keep([chunk], chunk.length);
    this.writeBytes(chunk, cb);
  }

  private writeBytes(chunk: Buffer, cb: (error?: Error | null) => void): void {
    const writeAll = (offset: number): void =>
      this.onDescriptor<number>(
        (done) => fsWrite(this.fd, chunk, offset, chunk.length - offset, null, done),
        cb,
        (written) => (offset + written < chunk.length ? writeAll(offset + written) : cb()),
      );
    writeAll(0);
  }

  /** Everything queued meanwhile goes down in one writev: one thread-pool round trip, not one per PDV. */
  override _writev(chunks: { chunk: Buffer }[], cb: (error?: Error | null) => void): void {
    const buffers = chunks.map((c) => c.chunk);
    const total = buffers.reduce((n, b) => n + b.length, 0);
    this.queued += total;
    this.keep(buffers, total);
    this.onDescriptor<number>(
      (done) => fsWritev(this.fd, buffers, done),
      cb,
      (written) => {
        if (written === total) return cb();
        // a short write (rare, e.g. a full disk racing): finish the rest with plain writes
        this.writeBytes(Buffer.concat(buffers).subarray(written), cb);
      },
    );
  }

  /** Slices are kept as they go to the disk (so in file order), until they pass the limit. */
  private keep(buffers: Buffer[], size: number): void {
    if (!this.kept) return;
    this.keptSize += size;
    if (this.keptSize > this.keepLimit) this.kept = null;
    else this.kept.push(...buffers);
  }

  /**
   * fdatasync (the bytes and the size, not the timestamps), off the event loop: a slow disk must
   * not stall every other association. The file is finished (durable) once it returns; the
   * descriptor closes right after, in `_destroy`, while the caller already renames the file.
   */
  override _final(cb: (error?: Error | null) => void): void {
    this.allInFile = true;
    this.allWritten?.();
    this.onDescriptor<void>(
      (done) => fdatasync(this.fd, (err) => done(err, undefined)),
      cb,
      () => {
        this.gate?.release(this.gateReason); // every byte is on the disk: nothing holds the sender
        cb();
      },
    );
  }

  /**
   * One thread-pool call on the descriptor. While it runs a destroy waits (closing now could let
   * the call land in a reused descriptor); if the stream was destroyed meanwhile, the waiting
   * close runs and `cb` hears that the file is gone.
   */
  private onDescriptor<T>(
    call: (done: (err: Error | null, value: T) => void) => void,
    cb: (error?: Error | null) => void,
    next: (value: T) => void,
  ): void {
    this.writeInFlight = () => undefined;
    call((err, value) => {
      const afterCall = this.writeInFlight;
      this.writeInFlight = null;
      if (!this.fdOpen || this.destroyed) {
        afterCall?.();
        return cb(err ?? new Error('spool file discarded'));
      }
      if (err) return cb(err);
      next(value);
    });
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    if (this.writeInFlight) {
      this.writeInFlight = () => this._destroy(err, cb);
      return;
    }
    this.closeFd(() => {
      if (this.discarded) removeFile(this.path);
      cb(err); // a failed close leaves nothing more to release
    });
  }

  /** Closes the descriptor exactly once (a second close could hit a number reused by another file). */
  private closeFd(cb: (error?: Error | null) => void): void {
    if (!this.fdOpen) return cb();
    this.fdOpen = false;
    close(this.fd, (err) => cb(err));
  }
}

export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
