import { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

/**
 * Socket reads into reused memory. Node gives every read of a TCP socket a fresh 64 KiB
 * ArrayBuffer, so receiving 0.5 MB images at a few hundred a second allocates over 100 MB/s of
 * external memory, and V8 answers each 64 MB of it with a full mark-compact of the heap: measured
 * at 2.3 ms of GC-thread CPU per instance on four associations. Here an association reads into
 * slabs it takes from a process-wide pool, in order, and gives the slabs it has read past back
 * only at a quiet point, when its owner says nothing it received is still referenced (no PDU or
 * message half assembled, no request unanswered, every spool write settled). Until then, and
 * always when the association ends, slabs are only dropped, never reused: a missed quiet point
 * costs an allocation, never a byte of another instance.
 */

/** One slab: a 0.5 MB image spans three, an idle association holds one. */
export const SLAB_BYTES = 256 * 1024;
/** A read is offered at most this much (Node's own read size) and at least MIN_READ. */
const READ_BYTES = 64 * 1024;
const MIN_READ = 8 * 1024;
/** Free slabs kept for the process (8 MiB); past that, returned slabs are left to the GC. */
const POOL_MAX = 32;
/** Slabs an association keeps waiting for a quiet point; past that the oldest are dropped. */
const RETIRED_MAX = 64;

const pool: Buffer[] = [];
let reused = 0;

function takeSlab(): Buffer {
  const slab = pool.pop();
  if (!slab) return Buffer.allocUnsafeSlow(SLAB_BYTES);
  reused++;
  return slab;
}

/** The pool's free slabs and how many times a slab was taken from it again (for tests and metrics). */
export function slabStats(): { pooled: number; reused: number } {
  return { pooled: pool.length, reused };
}

/** Node's private slots for a socket's own read buffer (`net.Socket`'s `onread` option). */
interface ReadSlots {
  buffer: symbol;
  callback: symbol;
  generator: symbol;
}

function readSlots(socket: Socket): ReadSlots | null {
  const handle = (socket as unknown as { _handle?: { useUserBuffer?: unknown } })._handle;
  if (socket instanceof TLSSocket || typeof handle?.useUserBuffer !== 'function') return null;
  const symbols = Object.getOwnPropertySymbols(socket);
  const find = (name: string): symbol | undefined => symbols.find((s) => s.description === name);
  const [buffer, callback, generator] = [find('kBuffer'), find('kBufferCb'), find('kBufferGen')];
  return buffer && callback && generator ? { buffer, callback, generator } : null;
}

export class SlabReader {
  private slab: Buffer | null = null;
  private offset = 0;
  private retired: Buffer[] = [];
  /** True when the socket reads into slabs; false: plain 'data' events (TLS, another Node). */
  readonly slabbed: boolean;

  /**
   * @param quiet asked before each chunk is handed on: true when nothing received earlier is
   *   still referenced, so the slabs read past may be reused.
   */
  constructor(
    socket: Socket,
    onChunk: (chunk: Buffer) => void,
    private readonly quiet: () => boolean,
  ) {
    const slots = readSlots(socket);
    this.slabbed = slots !== null;
    if (!slots) {
      socket.on('data', onChunk);
      return;
    }
    // the same contract as `new net.Socket({ onread: { buffer: () => ..., callback } })`, which
    // Node offers for sockets it connects but not for the ones a server accepts
    const target = socket as unknown as Record<symbol, unknown>;
    const first = this.nextRegion();
    target[slots.buffer] = first;
    target[slots.callback] = (nread: number, region: Buffer): void => {
      this.offset += nread;
      if (this.quiet()) this.recycle();
      onChunk(region.subarray(0, nread));
    };
    target[slots.generator] = () => this.nextRegion();
    (socket as unknown as { _handle: { useUserBuffer(b: Buffer): void } })._handle.useUserBuffer(first);
    socket.once('close', () => this.drop());
  }

  /** The part of the current slab the next read may fill; a nearly full slab is retired first. */
  private nextRegion(): Buffer {
    if (!this.slab || SLAB_BYTES - this.offset < MIN_READ) {
      if (this.slab) this.retire(this.slab);
      this.slab = takeSlab();
      this.offset = 0;
    }
    return this.slab.subarray(this.offset, Math.min(this.offset + READ_BYTES, SLAB_BYTES));
  }

  private retire(slab: Buffer): void {
    this.retired.push(slab);
    if (this.retired.length > RETIRED_MAX) this.retired.shift();
  }

  /** Slabs read past go back to the pool (the current one is still being read into). */
  private recycle(): void {
    for (const slab of this.retired) if (pool.length < POOL_MAX) pool.push(slab);
    this.retired = [];
  }

  /** The association is over: what it read may still be referenced by work it started, so nothing is reused. */
  private drop(): void {
    this.retired = [];
    this.slab = null;
  }
}
