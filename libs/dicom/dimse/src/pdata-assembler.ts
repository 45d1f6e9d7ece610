import { ReceivedPdu } from './pdu-reader';

/** A command set is a few hundred bytes; anything near this is not a command. */
export const MAX_COMMAND_BYTES = 64 * 1024;

/** Where the data set of the current message goes, slice by slice, as it arrives. */
export interface DataSetSink {
  append(piece: Buffer): void;
  end(): void;
}

export interface PDataCallbacks {
  contextAccepted(contextId: number): boolean;
  /** A complete command set; returns the sink of its data set, or null if it has none. */
  onCommand(contextId: number, command: Buffer): DataSetSink | null;
  /** `pdu`: the P-DATA-TF is malformed (Evt19); `dimse`: the PDVs break the DIMSE rules (Evt15). */
  onProtocolError(kind: 'pdu' | 'dimse', why: string): void;
}

/**
 * Cuts P-DATA-TF bodies into PDVs (PS3.8 9.3.5, annex E) while they stream in, and reassembles
 * DIMSE messages: command fragments are collected (bounded), data set fragments go on to their
 * sink as slices of the socket chunks the moment they arrive, so the P-DATA path copies nothing,
 * does no work per byte, and the disk writes overlap the network transfer.
 */
export class PDataAssembler {
  private phase: 'idle' | 'command' | 'data' = 'idle';
  private contextId = 0;
  private commandPieces: Buffer[] = [];
  private commandSize = 0;
  private sink: DataSetSink | null = null;
  private stopped = false;
  // the PDU being streamed
  private pduLeft = 0;
  private pdvCount = 0;
  private readonly pdvHeader = Buffer.alloc(6);
  private pdvHeaderFill = 0;
  private valueLeft = 0;
  private pdvCommand = false;
  private pdvLast = false;

  constructor(private readonly callbacks: PDataCallbacks) {}

  /** True while a message has begun and not ended (between the PDUs of one message). */
  get midMessage(): boolean {
    return this.phase !== 'idle';
  }

  /** Forgets the message in progress and ignores anything after (the association is ending). */
  stop(): void {
    this.stopped = true;
    this.reset();
  }

  /** Drops the message in progress (A-RELEASE-RQ arrived in the middle of one). */
  reset(): void {
    this.phase = 'idle';
    this.commandPieces = [];
    this.commandSize = 0;
    this.sink = null;
  }

  /** A whole PDU at once (the same as streaming it in one piece). */
  push(pdu: ReceivedPdu): void {
    this.beginPdu(pdu.length);
    for (const piece of pdu.pieces) this.pushPiece(piece);
    this.endPdu();
  }

  beginPdu(length: number): void {
    this.pduLeft = length;
    this.pdvCount = 0;
    this.pdvHeaderFill = 0;
    this.valueLeft = 0;
  }

  pushPiece(piece: Buffer): void {
    let offset = 0;
    while (offset < piece.length && !this.stopped) {
      if (this.valueLeft === 0) {
        const n = Math.min(6 - this.pdvHeaderFill, piece.length - offset);
        piece.copy(this.pdvHeader, this.pdvHeaderFill, offset, offset + n);
        this.pdvHeaderFill += n;
        offset += n;
        this.pduLeft -= n;
        if (this.pdvHeaderFill === 6) this.beginPdv();
        continue;
      }
      const n = Math.min(this.valueLeft, piece.length - offset);
      const value = offset === 0 && n === piece.length ? piece : piece.subarray(offset, offset + n);
      offset += n;
      this.pduLeft -= n;
      this.valueLeft -= n;
      this.value(value);
      if (this.valueLeft === 0) this.endPdv();
    }
  }

  endPdu(): void {
    if (this.stopped) return;
    if (this.pdvHeaderFill > 0 || this.valueLeft > 0) return this.fail('pdu', 'P-DATA-TF ends inside a PDV');
    if (this.pdvCount === 0) this.fail('pdu', 'P-DATA-TF without any PDV');
  }

  private beginPdv(): void {
    const itemLength = this.pdvHeader.readUInt32BE(0);
    const contextId = this.pdvHeader.readUInt8(4);
    const header = this.pdvHeader.readUInt8(5);
    this.pdvHeaderFill = 0;
    this.pdvCount++;
    if (itemLength < 2 || itemLength - 2 > this.pduLeft)
      return this.fail('pdu', `PDV length ${itemLength} does not fit its P-DATA-TF`);
    if (!this.callbacks.contextAccepted(contextId))
      return this.fail('pdu', `PDV on presentation context ${contextId}, which is not accepted`);
    if (this.phase !== 'idle' && contextId !== this.contextId) {
      return this.fail('dimse', `PDV on context ${contextId} inside a message on context ${this.contextId}`);
    }
    this.pdvCommand = (header & 1) === 1;
    this.pdvLast = (header & 2) === 2;
    if (this.pdvCommand && this.phase === 'data')
      return this.fail('dimse', 'command fragment while the data set of the previous command was expected');
    if (!this.pdvCommand && this.phase !== 'data')
      return this.fail('dimse', 'data set fragment without a command that announces one');
    if (this.pdvCommand) this.phase = 'command';
    this.contextId = contextId;
    this.valueLeft = itemLength - 2;
    if (this.valueLeft === 0) this.endPdv();
  }

  private value(value: Buffer): void {
    if (!this.pdvCommand) {
      (this.sink as DataSetSink).append(value);
      return;
    }
    this.commandSize += value.length;
    if (this.commandSize > MAX_COMMAND_BYTES)
      return this.fail('dimse', `command set longer than ${MAX_COMMAND_BYTES} bytes`);
    this.commandPieces.push(value);
  }

  private endPdv(): void {
    if (this.stopped || !this.pdvLast) return;
    if (!this.pdvCommand) {
      const sink = this.sink as DataSetSink;
      this.reset();
      sink.end();
      return;
    }
    const command = Buffer.concat(this.commandPieces, this.commandSize);
    const contextId = this.contextId;
    this.reset();
    const sink = this.callbacks.onCommand(contextId, command);
    if (sink && !this.stopped) {
      this.phase = 'data';
      this.contextId = contextId;
      this.sink = sink;
    }
  }

  private fail(kind: 'pdu' | 'dimse', why: string): void {
    this.stop();
    this.callbacks.onProtocolError(kind, why);
  }
}
