import { Socket } from 'node:net';
import {
  AbortReason,
  AbortSource,
  AssociateRequest,
  ContextAnswer,
  Rejection,
  encodeAbortPdu,
  encodeAssociateRj,
} from './associate-pdu';
import { DimseHandling } from './dimse-handling';
import { DulAction, DulEvent, DulState, transition } from './dul-state-machine';
import { PduType, encodeReleaseRp } from './pdu';
import { PduFramingError, PduReader, ReceivedPdu } from './pdu-reader';
import { PDataAssembler } from './pdata-assembler';
import { printable } from './printable';
import { ReceiveGate } from './receive-gate';
import { SlabReader } from './receive-slabs';
import {
  abortPdu,
  abortReport,
  acceptPdu,
  associationInfo,
  protocolErrorInput,
  receiveTimerKind,
  requestVerdict,
  scpPduLimit,
  timerExpiry,
  timerMs,
  userAbort,
} from './scp-association-inputs';
import { EventInput, framingErrorInput, pduEvent, responsePdus } from './scp-pdus';
import { ScpTimer, ScpTimerKind } from './scp-timer';
import { IncomingFiles, ScpEvent, ScpLimits, StoreHandler } from './scp-types';

export interface AssociationSettings extends ScpLimits {
  sourceName: string;
  aeTitle: string;
  incoming: IncomingFiles;
  handler: StoreHandler;
  onEvent: (event: ScpEvent, detail?: string) => void;
}

/**
 * After our A-ABORT, how long we wait for the peer to close before we do (instead of the full
 * ARTIM): a peer we just aborted for garbage or a huge PDU is likely still blasting bytes at us.
 */
const ABORT_LINGER_MS = 100;

/**
 * One connection to the SCP, driven by the PS3.8 state machine: every input (PDU, timer, local
 * decision, transport close) becomes an event, `transition` names the action and next state,
 * and `perform` carries the action out. DIMSE handling lives in DimseHandling.
 */
export class ScpAssociation {
  private state: DulState = 'Sta1';
  private readonly timer = new ScpTimer((kind, ms) => this.onTimerExpired(kind, ms));
  private pduCompleted = false;
  private readonly reader: PduReader;
  private readonly assembler: PDataAssembler;
  private readonly gate: ReceiveGate;
  private readonly acceptedContexts = new Map<number, string>();
  private peerMaxPdu = 0;
  private dimse: DimseHandling | null = null;
  private draining = false;
  readonly peerAddress: string;

  constructor(
    private readonly socket: Socket,
    private readonly settings: AssociationSettings,
    private readonly overLimit: Rejection | null,
  ) {
    this.peerAddress = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    this.gate = new ReceiveGate(
      () => socket.pause(),
      () => {
        socket.resume();
        this.refreshReceiveTimer(false);
      },
    );
    this.reader = new PduReader((type) => scpPduLimit(type, this.settings.maxPduLength), {
      onPdu: (pdu) => this.onPdu(pdu),
      onError: (error) => this.onFramingError(error),
      // established: P-DATA bodies go to the assembler as they arrive (elsewhere they are refused whole)
      streams: (type) => type === PduType.PDataTf && this.state === 'Sta6',
      onBodyStart: (_type, length) => this.fire('Evt10', { streamedLength: length }),
      onBodyPiece: (piece) => this.assembler.pushPiece(piece),
      onBodyEnd: () => {
        this.pduCompleted = true;
        this.assembler.endPdu();
      },
    });
    this.assembler = new PDataAssembler({
      contextAccepted: (id) => this.acceptedContexts.has(id),
      onCommand: (contextId, command) => (this.dimse as DimseHandling).onCommand(contextId, command),
      onProtocolError: (kind, why) => this.fire(kind === 'pdu' ? 'Evt19' : 'Evt15', protocolErrorInput(kind, why)),
    });
  }

  get currentState(): DulState {
    return this.state;
  }

  /**
   * Shutdown: the association is aborted as soon as nothing is in progress on it (no message
   * half received, no response owed), so what is in flight is answered and nothing else begins.
   */
  drain(): void {
    this.draining = true;
    if (this.state === 'Sta6' || this.state === 'Sta8') this.abortIfQuiet();
    else if (this.state === 'Sta2') this.socket.destroy();
  }

  private abortIfQuiet(): void {
    const busy = (this.dimse?.outstanding ?? 0) > 0 || this.reader.midPdu || this.assembler.midMessage;
    if (!busy) this.fire('Evt15', userAbort('the listener is shutting down'));
  }

  start(): void {
    this.socket.setNoDelay(true);
    new SlabReader(
      this.socket,
      (chunk) => this.onData(chunk),
      () => !this.holdsReceived(),
    );
    this.socket.on('error', () => this.socket.destroy());
    this.socket.on('close', () => this.fire('Evt17'));
    this.fire('Evt5');
  }

  /** The one entry point of the state machine. */
  fire(event: DulEvent, input: EventInput = {}): void {
    const { action, next } = transition(this.state, event);
    // the next state is entered first: an action may raise the following event itself (AE-6)
    this.state = next;
    this.perform(action, input);
  }

  private perform(action: DulAction, input: EventInput): void {
    switch (action) {
      case 'AE-5':
        return this.startTimer('artim');
      case 'AE-6':
        return this.examineRequest(input.request as AssociateRequest);
      case 'AE-7':
        return this.sendAccept(input.request as AssociateRequest, input.answers ?? []);
      case 'AE-8':
        this.send(encodeAssociateRj(input.rejection as Rejection));
        return this.closeGracefully();
      case 'DT-1':
      case 'AR-7':
        return this.sendResponse(input.response as { contextId: number; command: Buffer });
      case 'DT-2':
        if (input.streamedLength !== undefined) this.assembler.beginPdu(input.streamedLength);
        else if (input.pdu) this.assembler.push(input.pdu);
        return;
      case 'AR-2':
        this.assembler.reset();
        this.dimse?.releaseRequested();
        return;
      case 'AR-4':
        this.send(encodeReleaseRp());
        return this.closeGracefully();
      case 'AA-1':
      case 'AA-8':
        this.report(input.abort);
        this.send(abortPdu(input.abort));
        return this.closeGracefully(Math.min(ABORT_LINGER_MS, this.settings.associationRequestTimeoutMs));
      case 'AA-7':
        this.send(encodeAbortPdu(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu));
        return;
      case 'AA-2':
        this.report(input.abort);
        return this.finish(true);
      case 'AA-3':
        return this.finish(true);
      case 'AA-4':
      case 'AA-5':
      case 'AR-5':
        return this.finish(false);
      case 'AA-6':
      case 'NOOP':
        return;
    }
  }

  /** Anything received may still be read: a PDU or message half assembled, a request unfinished. */
  private holdsReceived(): boolean {
    return this.reader.midPdu || this.assembler.midMessage || (this.dimse?.holdsReceived ?? false);
  }

  private onData(chunk: Buffer): void {
    this.pduCompleted = false;
    this.reader.push(chunk);
    this.refreshReceiveTimer(this.pduCompleted);
  }

  private onPdu(pdu: ReceivedPdu): void {
    this.pduCompleted = true;
    const { event, input } = pduEvent(pdu, this.state);
    this.fire(event, input);
  }

  private onFramingError(error: PduFramingError): void {
    this.fire('Evt19', framingErrorInput(error));
  }

  private examineRequest(request: AssociateRequest): void {
    this.stopTimer();
    const verdict = requestVerdict(request, this.settings.aeTitle, this.overLimit, this.peerAddress);
    if (verdict.refusal) this.settings.onEvent('error', verdict.refusal);
    if (verdict.event === 'Evt7') {
      for (const answer of verdict.input.answers ?? [])
        if (answer.result === 0) this.acceptedContexts.set(answer.id, answer.transferSyntax);
      this.peerMaxPdu = request.maxPduLength;
    }
    this.fire(verdict.event, verdict.input);
  }

  private sendAccept(request: AssociateRequest, answers: ContextAnswer[]): void {
    this.send(acceptPdu(request, answers, this.settings.maxPduLength));
    this.dimse = new DimseHandling({
      info: associationInfo(this.settings.sourceName, request, this.peerAddress),
      settings: this.settings,
      gate: this.gate,
      acceptedContexts: this.acceptedContexts,
      live: () => this.state === 'Sta6' || this.state === 'Sta8',
      respond: (contextId, command) => this.fire('Evt9', { response: { contextId, command } }),
      releaseResponse: () => this.fire('Evt14'),
      abort: (why) => this.fire('Evt15', userAbort(why)),
      idle: () => this.refreshReceiveTimer(false),
    });
    this.settings.onEvent('association', `${printable(request.callingAeTitle)}@${this.peerAddress}`);
    this.refreshReceiveTimer(true);
  }

  /** One response command set, in PDVs no longer than the peer said it takes. */
  private sendResponse(response: { contextId: number; command: Buffer }): void {
    for (const pdu of responsePdus(response, this.peerMaxPdu)) this.send(pdu);
  }

  private send(bytes: Buffer): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(bytes);
  }

  /** Sta13: we have said our last word; the peer closes, or ARTIM closes for it. */
  private closeGracefully(waitMs = this.settings.associationRequestTimeoutMs): void {
    this.assembler.stop();
    this.dimse?.end();
    this.startTimer('artim', waitMs);
    this.socket.end();
  }

  private finish(destroy: boolean): void {
    this.stopTimer();
    this.reader.stop();
    this.assembler.stop();
    this.dimse?.end();
    if (!destroy) return;
    if (this.socket.writableEnded) return void this.socket.destroy();
    // an orderly close (FIN) first: a peer still writing sees the end instead of a reset
    this.socket.end();
    setTimeout(() => this.socket.destroy(), ABORT_LINGER_MS).unref();
  }

  private report(abort: EventInput['abort']): void {
    if (abort)
      this.settings.onEvent('error', abortReport(this.dimse?.info.callingAeTitle, this.peerAddress, abort.why));
  }

  /**
   * Runs the receive timer `receiveTimerKind` chooses for an established association. A partial
   * PDU never restarts a running timer, so trickling bytes cannot keep a connection open.
   */
  private refreshReceiveTimer(progress: boolean): void {
    if (this.state !== 'Sta6' && this.state !== 'Sta8') return;
    if (this.draining) return this.abortIfQuiet();
    const inMessage = this.reader.midPdu || this.assembler.midMessage;
    const kind = receiveTimerKind(this.gate.holding, inMessage, (this.dimse?.outstanding ?? 0) > 0);
    if (kind === this.timer.kind && !progress) return;
    if (kind === null) return this.stopTimer();
    this.startTimer(kind);
  }

  private startTimer(kind: ScpTimerKind, artimMs = this.settings.associationRequestTimeoutMs): void {
    this.timer.start(kind, timerMs(kind, this.settings, artimMs));
  }

  private stopTimer(): void {
    this.timer.stop();
  }

  private onTimerExpired(kind: ScpTimerKind, ms: number): void {
    const { event, input } = timerExpiry(kind, ms, this.state);
    this.fire(event, input);
  }
}
