import { Socket } from 'node:net';
import { PduType, RoleSelection, decodeAssociateAc, encodeAbort, encodeReleaseRp, encodeReleaseRq } from './pdu';
import { PduFramingError, PduReader, ReceivedPdu } from './pdu-reader';
import { DataSetSink, PDataAssembler } from './pdata-assembler';
import { printable } from './printable';
import {
  AnsweredContext,
  ScuAssociationParams,
  associateRqPdu,
  framingErrorText,
  peerAbortError,
  proposeContexts,
  recordAnswers,
  refusalText,
  rejectionError,
  scuPduLimit,
} from './scu-negotiation';
import { connectScuSocket, messagePdus } from './scu-wire';
import { DimseError } from './scu-types';

/** Receives every DIMSE message of the association: returns the sink of its data set, or null. */
export type MessageListener = (contextId: number, command: Buffer) => DataSetSink | null;

/**
 * The requestor side of one association (PS3.8 9.2, Sta4-Sta7/Sta11): connect, negotiate,
 * exchange P-DATA, release or abort. Incoming PDUs are framed by the shared PduReader against
 * the maximum length we announced, and P-DATA bodies stream through the PDataAssembler so a data
 * set (a C-GET sub-operation) reaches its sink slice by slice. Every wait is bounded, and every
 * failure names the peer.
 */
export class ScuAssociation {
  private socket: Socket | null = null;
  private readonly reader: PduReader;
  private readonly assembler: PDataAssembler;
  private readonly accepted = new Map<number, AnsweredContext>();
  private roles: RoleSelection[] = [];
  private peerMaxPdu = 0;
  private established = false;
  private failure: DimseError | null = null;
  private listener: MessageListener | null = null;
  private waiter: { resolve: (pdu: ReceivedPdu) => void; reject: (err: Error) => void } | null = null;
  private failureListeners: ((err: DimseError) => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Waiting for the peer (the response timer runs) vs. busy ourselves (a sub-operation being stored). */
  private awaitingPeer = false;
  private localWorkCount = 0;

  private constructor(private readonly params: ScuAssociationParams) {
    this.reader = new PduReader((type) => scuPduLimit(type, this.params.maxPduLength), {
      onPdu: (pdu) => this.onPdu(pdu),
      onError: (error) => this.onFramingError(error),
      streams: (type) => type === PduType.PDataTf && this.established,
      onBodyStart: (_type, length) => this.assembler.beginPdu(length),
      onBodyPiece: (piece) => this.assembler.pushPiece(piece),
      onBodyEnd: () => this.assembler.endPdu(),
    });
    this.assembler = new PDataAssembler({
      contextAccepted: (id) => this.accepted.get(id)?.result === 0,
      onCommand: (contextId, command) => this.listener?.(contextId, command) ?? null,
      onProtocolError: (_kind, why) => this.abort(`${this.describe()} broke the DIMSE protocol: ${why}`),
    });
  }

  /** Connects and negotiates; rejects with a DimseError naming the peer and the reason. */
  static async open(params: ScuAssociationParams): Promise<ScuAssociation> {
    const association = new ScuAssociation(params);
    await association.negotiate();
    return association;
  }

  get describePeer(): string {
    return this.describe();
  }

  get isOpen(): boolean {
    return this.established && this.failure === null;
  }

  /** The accepted context for an abstract syntax (first match), with its transfer syntax. */
  contextFor(abstractSyntax: string): { id: number; transferSyntax: string } | undefined {
    for (const [id, ctx] of this.accepted) {
      if (ctx.result === 0 && ctx.abstractSyntax === abstractSyntax && ctx.transferSyntax)
        return { id, transferSyntax: ctx.transferSyntax };
    }
    return undefined;
  }

  /** Accepted context id -> (abstract syntax, transfer syntax). */
  acceptedContext(id: number): { abstractSyntax: string; transferSyntax: string } | undefined {
    const ctx = this.accepted.get(id);
    return ctx && ctx.result === 0 && ctx.transferSyntax
      ? { abstractSyntax: ctx.abstractSyntax, transferSyntax: ctx.transferSyntax }
      : undefined;
  }

  /** Why an abstract syntax has no accepted context (for error messages). */
  refusal(abstractSyntax: string): string {
    return refusalText(this.accepted.values(), abstractSyntax, this.describe());
  }

  /** The role the peer granted for a SOP class (no reply to a proposal means the default: it is SCP, we are SCU). */
  grantedRole(sopClassUid: string): RoleSelection | undefined {
    return this.roles.find((r) => r.sopClassUid === sopClassUid);
  }

  setListener(listener: MessageListener | null): void {
    this.listener = listener;
  }

  /** Calls back once when the association fails (abort, close, timeout, protocol error). */
  onFailure(callback: (err: DimseError) => void): () => void {
    if (this.failure) {
      callback(this.failure);
      return () => undefined;
    }
    this.failureListeners.push(callback);
    return () => {
      this.failureListeners = this.failureListeners.filter((c) => c !== callback);
    };
  }

  /** The response timer runs while `waiting` and no local work is in progress. */
  waitForPeer(waiting: boolean): void {
    this.awaitingPeer = waiting;
    this.refreshTimer();
  }

  /** Brackets our own slow work (+1, then -1: storing a sub-operation): the peer is not late meanwhile. */
  localWork(delta: 1 | -1): void {
    this.localWorkCount = Math.max(0, this.localWorkCount + delta);
    this.refreshTimer();
  }

  /** Stops (or resumes) reading from the peer: a slow disk throttles it. */
  setReceiving(on: boolean): void {
    if (on) this.socket?.resume();
    else this.socket?.pause();
  }

  /** Sends one message: the command set, then the data set if any, in PDVs the peer accepts. */
  sendMessage(contextId: number, command: Buffer, dataSet?: Buffer): void {
    if (!this.socket || this.failure)
      throw this.failure ?? new DimseError(`association with ${this.describe()} is closed`);
    const parts = messagePdus({ contextId, command, dataSet, peerMaxPdu: this.peerMaxPdu });
    this.socket.cork();
    for (const p of parts) this.socket.write(p);
    this.socket.uncork();
  }

  /** A-RELEASE: waits (bounded) for the A-RELEASE-RP, then closes; never throws. */
  async release(): Promise<void> {
    if (!this.isOpen || !this.socket) return this.close();
    this.established = false;
    this.socket.write(encodeReleaseRq());
    try {
      await this.nextPdu(this.params.timeouts.associationTimeoutMs);
    } catch {
      // a peer that does not answer the release is closed anyway
    }
    this.close();
  }

  /** A-ABORT with a reason for our callers; the association is unusable afterwards. */
  abort(why: string): void {
    if (this.socket && !this.socket.destroyed && this.failure === null) this.socket.write(encodeAbort());
    this.fail(new DimseError(why));
    this.close();
  }

  private describe(): string {
    return `${printable(this.params.peer.calledAeTitle)}@${this.params.peer.host}:${this.params.peer.port}`;
  }

  private async negotiate(): Promise<void> {
    const proposed = proposeContexts(this.params, this.describe());
    this.socket = await connectScuSocket(this.params.peer, this.params.timeouts.connectTimeoutMs, this.describe(), {
      onData: (chunk) => {
        this.reader.push(chunk);
        this.refreshTimer();
      },
      onError: (err) => this.fail(new DimseError(`connection to ${this.describe()} failed: ${err.message}`)),
      onClose: () => this.fail(new DimseError(`${this.describe()} closed the connection`)),
    });
    this.socket.write(associateRqPdu(this.params, proposed));
    const reply = await this.nextPdu(this.params.timeouts.associationTimeoutMs);
    const body = Buffer.concat(reply.pieces, reply.length);
    if (reply.type === PduType.AssociateRj) {
      this.close();
      throw rejectionError(body, this.describe());
    }
    if (reply.type !== PduType.AssociateAc) {
      this.abort(`unexpected PDU type ${reply.type} from ${this.describe()} in reply to A-ASSOCIATE-RQ`);
      throw this.failure as DimseError;
    }
    const ac = decodeAssociateAc(body);
    this.peerMaxPdu = ac.maxPduLength;
    this.roles = ac.roles;
    recordAnswers(ac.contexts, proposed, this.accepted);
    this.established = true;
  }

  private onPdu(pdu: ReceivedPdu): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      return w.resolve(pdu);
    }
    if (pdu.type === PduType.Abort) {
      this.fail(peerAbortError(Buffer.concat(pdu.pieces, pdu.length), this.describe()));
      return this.close();
    }
    if (pdu.type === PduType.ReleaseRq) {
      this.socket?.write(encodeReleaseRp());
      this.fail(new DimseError(`${this.describe()} released the association before the operation ended`));
      return this.close();
    }
    if (pdu.type === PduType.PDataTf) return this.assembler.push(pdu);
    this.abort(`unexpected PDU type ${pdu.type} from ${this.describe()}`);
  }

  private onFramingError(error: PduFramingError): void {
    this.abort(framingErrorText(error, this.describe()));
  }

  private nextPdu(timeoutMs: number): Promise<ReceivedPdu> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        this.abort(`${this.describe()} did not answer within ${timeoutMs} ms`);
        reject(this.failure);
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

  private refreshTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.awaitingPeer || this.localWorkCount > 0 || this.failure) return;
    const ms = this.params.timeouts.responseTimeoutMs;
    this.timer = setTimeout(
      () => this.abort(`${this.describe()} sent nothing for ${ms} ms while a response was due`),
      ms,
    );
    this.timer.unref();
  }

  private fail(err: DimseError): void {
    if (this.failure) return;
    this.failure = err;
    this.established = false;
    if (this.timer) clearTimeout(this.timer);
    this.reader.stop();
    this.assembler.stop();
    const w = this.waiter;
    this.waiter = null;
    w?.reject(err);
    const listeners = this.failureListeners;
    this.failureListeners = [];
    for (const l of listeners) l(err);
  }

  private close(): void {
    if (!this.failure) this.fail(new DimseError(`association with ${this.describe()} is closed`));
    this.socket?.end();
    const socket = this.socket;
    setTimeout(() => socket?.destroy(), 100).unref();
  }
}
