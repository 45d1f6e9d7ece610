/** One PDU as received: its type and its body (past the 6-byte header). */
export interface ScuPdu {
  type: number;
  body: Buffer;
}

/**
 * The PDUs a C-STORE SCU association receives: framed from the socket's bytes, queued until the
 * association asks for the next one, each wait bounded. Once failed, every later wait fails.
 */
export class ScuPduQueue {
  private pending: Buffer = Buffer.alloc(0);
  private queued: ScuPdu[] = [];
  private waiter: { resolve: (pdu: ScuPdu) => void; reject: (err: Error) => void } | null = null;
  private failed: Error | null = null;

  /** The first failure (the connection's error or close), or null while the connection stands. */
  get failure(): Error | null {
    return this.failed;
  }

  /** Bytes from the socket: every whole PDU among them goes to the waiter, or into the queue. */
  push(data: Buffer): void {
    this.pending = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
    while (this.pending.length >= 6) {
      const len = this.pending.readUInt32BE(2);
      if (this.pending.length < 6 + len) break;
      const pdu = { type: this.pending.readUInt8(0), body: this.pending.subarray(6, 6 + len) };
      this.pending = this.pending.subarray(6 + len);
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = null;
        w.resolve(pdu);
      } else {
        this.queued.push(pdu);
      }
    }
  }

  /** The connection failed: the current wait is rejected with `err`, later ones with the first failure. */
  fail(err: Error): void {
    if (!this.failed) this.failed = err;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.reject(err);
    }
  }

  /** The next PDU; after `timeoutMs` without one, rejects with what `onTimeout` returns (it may abort the association). */
  next(timeoutMs: number, onTimeout: () => Error): Promise<ScuPdu> {
    const queued = this.queued.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(onTimeout());
      }, timeoutMs);
      this.waiter = {
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }
}
