/**
 * Frames the upper-layer PDUs of one connection out of the socket chunks, without ever
 * concatenating the chunks: a PDU body is kept as the list of chunk slices it arrived in, and
 * is refused as soon as its 6-byte header declares more than the caller allows (the length we
 * announced, and never more than the hard cap), before a single body byte is buffered.
 */

/** No PDU is accepted above this, whatever the configuration says (16 MiB). */
export const PDU_HARD_CAP = 16 * 1024 * 1024;

export interface ReceivedPdu {
  type: number;
  length: number;
  /** The body, as slices of the received chunks (no copy). */
  pieces: Buffer[];
}

export type PduFramingError =
  | { kind: 'unrecognized-pdu'; type: number }
  | { kind: 'length-exceeded'; type: number; declared: number; limit: number };

export interface PduReaderCallbacks {
  onPdu(pdu: ReceivedPdu): void;
  onError(error: PduFramingError): void;
  /**
   * PDU types whose body is handed on as it arrives instead of being collected (P-DATA-TF, so
   * data set bytes reach the disk while the rest of the PDU is still on the wire).
   */
  streams?(type: number): boolean;
  onBodyStart?(type: number, length: number): void;
  onBodyPiece?(piece: Buffer): void;
  onBodyEnd?(): void;
}

export class PduReader {
  private readonly header = Buffer.alloc(6);
  private headerFill = 0;
  private pieces: Buffer[] = [];
  private bodyFill = 0;
  private type = 0;
  private bodyLength = -1;
  private streaming = false;
  private stopped = false;

  /**
   * @param limitFor the largest body accepted for a PDU type, or null when the type is not one
   *   of the seven PDUs of PS3.8 (the caller decides per state, e.g. what it announced).
   */
  constructor(
    private readonly limitFor: (type: number) => number | null,
    private readonly callbacks: PduReaderCallbacks,
  ) {}

  /** True between the first byte of a PDU and its last one. */
  get midPdu(): boolean {
    return this.headerFill > 0;
  }

  /** After a framing error the byte stream cannot be trusted again: everything else is dropped. */
  stop(): void {
    this.stopped = true;
    this.pieces = [];
  }

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length && !this.stopped) {
      if (this.headerFill < 6) {
        const n = Math.min(6 - this.headerFill, chunk.length - offset);
        chunk.copy(this.header, this.headerFill, offset, offset + n);
        this.headerFill += n;
        offset += n;
        if (this.headerFill < 6) return;
        if (!this.beginBody()) return;
      }
      const n = Math.min(this.bodyLength - this.bodyFill, chunk.length - offset);
      if (n > 0) {
        const piece = offset === 0 && n === chunk.length ? chunk : chunk.subarray(offset, offset + n);
        if (this.streaming) this.callbacks.onBodyPiece?.(piece);
        else this.pieces.push(piece);
        this.bodyFill += n;
        offset += n;
      }
      if (this.bodyFill === this.bodyLength) this.finishPdu();
    }
  }

  private beginBody(): boolean {
    this.type = this.header.readUInt8(0);
    this.bodyLength = this.header.readUInt32BE(2);
    const allowed = this.limitFor(this.type);
    if (allowed === null) {
      this.fail({ kind: 'unrecognized-pdu', type: this.type });
      return false;
    }
    const limit = Math.min(allowed, PDU_HARD_CAP);
    if (this.bodyLength > limit) {
      this.fail({ kind: 'length-exceeded', type: this.type, declared: this.bodyLength, limit });
      return false;
    }
    this.bodyFill = 0;
    this.pieces = [];
    this.streaming = this.callbacks.streams?.(this.type) ?? false;
    if (this.streaming) this.callbacks.onBodyStart?.(this.type, this.bodyLength);
    if (this.bodyLength === 0) this.finishPdu();
    return true;
  }

  private finishPdu(): void {
    const pdu: ReceivedPdu = { type: this.type, length: this.bodyLength, pieces: this.pieces };
    const streamed = this.streaming;
    this.pieces = [];
    this.headerFill = 0;
    this.bodyFill = 0;
    this.bodyLength = -1;
    this.streaming = false;
    if (streamed) this.callbacks.onBodyEnd?.();
    else this.callbacks.onPdu(pdu);
  }

  private fail(error: PduFramingError): void {
    this.stop();
    this.callbacks.onError(error);
  }
}

/** Sequential reads over a PDU body kept as slices: headers byte by byte, values as slices. */
export class PieceCursor {
  private index = 0;
  private within = 0;
  private consumed = 0;

  constructor(
    private readonly pieces: Buffer[],
    readonly length: number,
  ) {}

  get remaining(): number {
    return this.length - this.consumed;
  }

  readUInt8(): number {
    while (true) {
      const piece = this.pieces[this.index];
      if (!piece) throw new RangeError('read past the end of the PDU');
      if (this.within < piece.length) {
        this.consumed++;
        return piece[this.within++] as number;
      }
      this.index++;
      this.within = 0;
    }
  }

  readUInt32BE(): number {
    return ((this.readUInt8() << 24) >>> 0) + (this.readUInt8() << 16) + (this.readUInt8() << 8) + this.readUInt8();
  }

  readUInt16BE(): number {
    return (this.readUInt8() << 8) + this.readUInt8();
  }

  /** The next `n` bytes as slices of the underlying chunks (no copy). */
  take(n: number): Buffer[] {
    if (n > this.remaining) throw new RangeError('read past the end of the PDU');
    const out: Buffer[] = [];
    let left = n;
    while (left > 0) {
      const piece = this.pieces[this.index] as Buffer;
      const available = piece.length - this.within;
      if (available === 0) {
        this.index++;
        this.within = 0;
        continue;
      }
      const size = Math.min(available, left);
      out.push(this.within === 0 && size === piece.length ? piece : piece.subarray(this.within, this.within + size));
      this.within += size;
      left -= size;
    }
    this.consumed += n;
    return out;
  }

  /** The next `n` bytes as one buffer (for the small parts: A-ASSOCIATE items, commands). */
  takeBuffer(n: number): Buffer {
    const parts = this.take(n);
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, n);
  }
}
