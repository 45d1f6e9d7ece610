import { open } from 'node:fs/promises';
import { Socket } from 'node:net';
import {
  CommandResponse,
  PduType,
  VERIFICATION_SOP_CLASS_UID,
  decodeAssociateAc,
  decodeCommand,
  encodeCEchoRq,
  decodePData,
  encodeAbort,
  encodeCStoreRq,
  encodeReleaseRp,
  encodeReleaseRq,
  pDataHeader,
  presentationContextResultText,
} from './pdu';
import { ScuPdu, ScuPduQueue } from './scu-pdu-queue';
import { connectScuSocket } from './scu-wire';
import { DimseError, PresentationNeed, ScuPeer, ScuTimeouts, StoreFile } from './scu-types';
import {
  StoreContext,
  proposeStoreContexts,
  pushBlockPdus,
  recordStoreAnswers,
  storeAssociateRq,
} from './store-scu-wire';

const DEFLATED_EXPLICIT_VR_LE = '1.2.840.10008.1.2.1.99';
const MAX_PDV = 1 << 20;
/** Bytes read from the file per thread-pool round trip while sending. */
const READ_BLOCK = 1 << 20;
const NO_PREFIX = Buffer.alloc(0);

/**
 * One outgoing association: our own upper-layer implementation, so that the data set bytes go
 * on the wire exactly as stored (streamed from the file, flat memory, no re-encoding), with
 * TCP_NODELAY, and so that one association serves many consecutive C-STOREs.
 */
export class StoreAssociation {
  private socket: Socket | null = null;
  private readonly inbox = new ScuPduQueue();
  private contexts = new Map<number, StoreContext>();
  private readonly proposedKeys = new Set<string>();
  private peerMaxPdu = 0;
  private messageId = 0;
  private closed = false;
  private ownBlock: Buffer | null = null;

  constructor(
    readonly peer: ScuPeer,
    private readonly timeouts: ScuTimeouts,
  ) {}

  get isOpen(): boolean {
    return this.socket !== null && !this.closed && this.inbox.failure === null;
  }

  /** Opens the association proposing one presentation context per (SOP class, transfer syntax). */
  async open(needs: PresentationNeed[]): Promise<void> {
    const { proposed, keys } = proposeStoreContexts(needs);
    for (const key of keys) this.proposedKeys.add(key);
    this.socket = await connectScuSocket(this.peer, this.timeouts.connectTimeoutMs, this.describePeer(), {
      onData: (data) => this.inbox.push(data),
      onError: (err) => this.fail(new DimseError(`connection to ${this.describePeer()} failed: ${err.message}`)),
      onClose: () => this.fail(new DimseError(`${this.describePeer()} closed the connection`)),
    });
    this.socket.write(storeAssociateRq(this.peer, proposed));
    const reply = await this.nextPdu();
    if (reply.type === PduType.AssociateRj) {
      this.destroy();
      throw new DimseError(
        `association rejected by ${this.describePeer()} (result ${reply.body.readUInt8(1)}, source ${reply.body.readUInt8(2)}, reason ${reply.body.readUInt8(3)})`,
      );
    }
    if (reply.type !== PduType.AssociateAc) {
      this.destroy();
      throw new DimseError(`unexpected PDU type ${reply.type} from ${this.describePeer()} in reply to A-ASSOCIATE-RQ`);
    }
    const ac = decodeAssociateAc(reply.body);
    this.peerMaxPdu = ac.maxPduLength;
    recordStoreAnswers(ac.contexts, proposed, this.contexts);
  }

  /** True when this association proposed the (SOP class, transfer syntax), whatever the peer answered. */
  proposed(need: PresentationNeed): boolean {
    return this.proposedKeys.has(`${need.sopClassUid}|${need.transferSyntaxUid}`);
  }

  /** Why the peer refused a proposed context (PS3.8 9.3.3.2 result), or undefined when it was accepted or never proposed. */
  refusal(need: PresentationNeed): string | undefined {
    if (!this.proposed(need) || this.contextFor(need) !== undefined) return undefined;
    for (const ctx of this.contexts.values()) {
      if (ctx.abstractSyntax === need.sopClassUid && ctx.proposedSyntax === need.transferSyntaxUid) {
        return `${this.describePeer()} refused the presentation context for ${need.sopClassUid} in ${need.transferSyntaxUid} (${presentationContextResultText(ctx.result)})`;
      }
    }
    return `${this.describePeer()} did not answer the presentation context for ${need.sopClassUid} in ${need.transferSyntaxUid}`;
  }

  /** The accepted context for a SOP class in exactly the given transfer syntax. */
  contextFor(need: PresentationNeed): number | undefined {
    for (const [id, ctx] of this.contexts) {
      if (ctx.result === 0 && ctx.abstractSyntax === need.sopClassUid && ctx.transferSyntax === need.transferSyntaxUid)
        return id;
    }
    return undefined;
  }

  /**
   * Sends one instance (`prefix`, then the file from `datasetOffset`) and returns the peer's C-STORE response. The data set is read in blocks of
   * up to READ_BLOCK bytes (one thread-pool round trip each, not one per PDU) and each block goes
   * out as one corked burst of P-DATA-TF PDUs, waiting for 'drain' only when the socket is full.
   */
  async store(file: StoreFile): Promise<CommandResponse> {
    const contextId = this.contextFor(file);
    if (contextId === undefined)
      throw new DimseError(`no accepted presentation context for ${file.sopClassUid} in ${file.transferSyntaxUid}`);
    const fh = await open(file.path, 'r');
    try {
      const prefix = file.prefix ?? NO_PREFIX;
      const fileBytes = (await fh.stat()).size - file.datasetOffset;
      if (fileBytes < 0)
        throw new DimseError(`file ${file.path} is shorter than its data set offset ${file.datasetOffset}`);
      const size = prefix.length + fileBytes;
      const messageId = this.nextMessageId();
      const command = encodeCStoreRq({ messageId, sopClassUid: file.sopClassUid, sopInstanceUid: file.sopInstanceUid });
      // PS3.5 A.5: a deflated bit stream of odd length is padded with one 0x00 (PDVs must be even);
      // some stored files lack the pad, and dcmtk aborts on an odd fragment
      const pad = size % 2 === 1 && file.transferSyntaxUid === DEFLATED_EXPLICIT_VR_LE ? 1 : 0;
      const maxValue = (Math.min(this.peerMaxPdu > 6 ? this.peerMaxPdu - 6 : MAX_PDV, MAX_PDV) & ~1) - (pad ? 2 : 0);
      const block = Math.max(maxValue, Math.floor(READ_BLOCK / maxValue) * maxValue);
      const commandPdu = [pDataHeader(contextId, command.length, true, true), command];
      if (size <= 0) {
        await this.write(...commandPdu, pDataHeader(contextId, 0, false, true));
        return await this.readResponse(messageId);
      }
      for (let pos = 0; pos < size;) {
        const want = Math.min(block, size - pos);
        const buf = this.takeBlock(want + (pos + want === size ? pad : 0));
        const fromPrefix = pos < prefix.length ? prefix.copy(buf, 0, pos, Math.min(prefix.length, pos + want)) : 0;
        if (fromPrefix < want) {
          const at = file.datasetOffset + pos + fromPrefix - prefix.length;
          const { bytesRead } = await fh.read(buf, fromPrefix, want - fromPrefix, at);
          if (bytesRead !== want - fromPrefix)
            throw new DimseError(
              `file ${file.path} changed while being sent (${pos + fromPrefix + bytesRead} of ${size} bytes)`,
            );
        }
        if (buf.length > want) buf[want] = 0;
        const parts: Buffer[] = pos === 0 ? commandPdu : [];
        pushBlockPdus(parts, contextId, buf, maxValue, pos + want === size);
        pos += want;
        await this.write(...parts);
      }
      return await this.readResponse(messageId);
    } finally {
      await fh.close();
    }
  }

  /** C-ECHO; the association must have been opened with the Verification SOP class in Implicit VR Little Endian. */
  async echo(): Promise<CommandResponse> {
    const contextId = this.contextFor({
      sopClassUid: VERIFICATION_SOP_CLASS_UID,
      transferSyntaxUid: '1.2.840.10008.1.2',
    });
    if (contextId === undefined)
      throw new DimseError(`${this.describePeer()} did not accept the Verification SOP class`);
    const messageId = this.nextMessageId();
    const command = encodeCEchoRq(messageId);
    await this.write(pDataHeader(contextId, command.length, true, true), command);
    return this.readResponse(messageId);
  }

  /**
   * A buffer for one block read. The association's own 1 MiB block is reused while the socket
   * holds no byte of an earlier write (writableLength 0: every write callback has run, so no
   * queued write still points into it), sparing the garbage collector 0.5 MB per CT instance;
   * otherwise, and for later blocks of a large object, a fresh one.
   */
  private takeBlock(size: number): Buffer {
    if (size <= READ_BLOCK + 1 && this.socket?.writableLength === 0) {
      this.ownBlock ??= Buffer.allocUnsafe(READ_BLOCK + 1);
      return this.ownBlock.subarray(0, size);
    }
    return Buffer.allocUnsafe(size);
  }

  async release(): Promise<void> {
    if (!this.isOpen) return this.destroy();
    try {
      await this.write(encodeReleaseRq());
      const reply = await this.nextPdu();
      if (reply.type !== PduType.ReleaseRp) throw new DimseError(`expected A-RELEASE-RP, got PDU type ${reply.type}`);
    } catch {
      // a peer that does not answer the release is closed anyway
    } finally {
      this.destroy();
    }
  }

  abort(): void {
    if (this.socket && !this.closed) this.socket.write(encodeAbort());
    this.destroy();
  }

  destroy(): void {
    this.closed = true;
    this.socket?.destroy();
    this.socket = null;
  }

  private describePeer(): string {
    return `${this.peer.calledAeTitle}@${this.peer.host}:${this.peer.port}`;
  }

  private nextMessageId(): number {
    this.messageId = (this.messageId % 0xffff) + 1;
    return this.messageId;
  }

  private async readResponse(messageId: number): Promise<CommandResponse> {
    let command = Buffer.alloc(0);
    for (;;) {
      const pdu = await this.nextPdu();
      if (pdu.type === PduType.Abort) {
        this.destroy();
        throw new DimseError(`${this.describePeer()} aborted the association`);
      }
      if (pdu.type === PduType.ReleaseRq) {
        this.socket?.write(encodeReleaseRp());
        this.destroy();
        throw new DimseError(`${this.describePeer()} released the association before answering`);
      }
      if (pdu.type !== PduType.PDataTf)
        throw new DimseError(`unexpected PDU type ${pdu.type} while waiting for a response`);
      for (const pdv of decodePData(pdu.body)) {
        if (!pdv.command) continue;
        command = Buffer.concat([command, pdv.value]);
        if (pdv.last) {
          const rsp = decodeCommand(command);
          if (rsp.messageIdBeingRespondedTo !== messageId) {
            throw new DimseError(`response to message ${rsp.messageIdBeingRespondedTo}, expected ${messageId}`);
          }
          return rsp;
        }
      }
    }
  }

  private fail(err: Error): void {
    this.closed = true;
    this.inbox.fail(err);
  }

  private nextPdu(): Promise<ScuPdu> {
    return this.inbox.next(this.timeouts.responseTimeoutMs, () => {
      this.abort();
      return new DimseError(`${this.describePeer()} did not answer within ${this.timeouts.responseTimeoutMs} ms`);
    });
  }

  /** Writes in one corked burst with back-pressure: waits for 'drain' when the socket buffer is full. */
  private write(...parts: Buffer[]): Promise<void> {
    const socket = this.socket;
    if (!socket || this.inbox.failure)
      return Promise.reject(this.inbox.failure ?? new DimseError('association is closed'));
    let ok = true;
    if (parts.length > 2) socket.cork();
    for (const p of parts) ok = socket.write(p) && ok;
    if (parts.length > 2) socket.uncork();
    if (ok) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onDrain = () => {
        socket.off('close', onClose);
        resolve();
      };
      const onClose = () => {
        socket.off('drain', onDrain);
        reject(this.inbox.failure ?? new DimseError('connection closed while sending'));
      };
      socket.once('drain', onDrain);
      socket.once('close', onClose);
    });
  }
}
