import { buildPart10Header } from '@axiom/dicom-io';
import {
  CommandField,
  IncomingCommand,
  UNRECOGNIZED_OPERATION,
  UNSUPPORTED_REQUESTS,
  decodeIncomingCommand,
  encodeResponse,
} from './dimse-command';
import { StoreStatus, describeStatus } from './dimse-status';
import { DataSetSink } from './pdata-assembler';
import { printable } from './printable';
import { ReceiveGate } from './receive-gate';
import {
  AssociationInfo,
  IncomingFile,
  IncomingFiles,
  IncomingInstance,
  ScpEvent,
  StoreHandler,
  StoreResult,
} from './scp-types';

/** Responses we owe before the socket is paused: a pipelining peer waits instead of piling up work. */
const MAX_OUTSTANDING = 8;
const OUTSTANDING_REASON = 'responses';

export interface DimseHandlingParams {
  info: AssociationInfo;
  settings: { incoming: IncomingFiles; handler: StoreHandler; onEvent: (event: ScpEvent, detail?: string) => void };
  gate: ReceiveGate;
  /** Accepted context id -> its transfer syntax. */
  acceptedContexts: ReadonlyMap<number, string>;
  /** False once the association is over: nothing more is handed to ingest or answered. */
  live(): boolean;
  respond(contextId: number, command: Buffer): void;
  releaseResponse(): void;
  abort(why: string): void;
  /** Called when the last pending response went out (the receive timer may start again). */
  idle(): void;
}

/**
 * The DIMSE side of one association: C-STORE (data set streamed into a spool file, fsynced, then
 * handed to the store handler), C-ECHO, and a failure status for the requests we do not perform.
 * Requests are answered strictly in the order they arrived, one response each, even when a peer
 * pipelines them against the 1/1 window we negotiated.
 */
export class DimseHandling {
  outstanding = 0;
  private chain: Promise<void> = Promise.resolve();
  private releasePending = false;
  private readonly spools = new Set<IncomingFile>();
  /** The spool of the data set arriving now (incomplete until its last PDV). */
  private receiving: IncomingFile | null = null;
  /** Spool writers that may still read received bytes (a write in flight); Infinity: one cannot say. */
  private unsettled = 0;

  constructor(private readonly params: DimseHandlingParams) {}

  /** True while anything received may still be read: a request unanswered or a spool write unsettled. */
  get holdsReceived(): boolean {
    return this.outstanding > 0 || this.unsettled > 0;
  }

  get info(): AssociationInfo {
    return this.params.info;
  }

  onCommand(contextId: number, bytes: Buffer): DataSetSink | null {
    const decoded = decodeIncomingCommand(bytes);
    if (!decoded.ok) {
      this.params.abort(`malformed DIMSE command: ${decoded.problem}`);
      return null;
    }
    const command = decoded.command;
    switch (command.commandField) {
      case CommandField.CStoreRq:
        return this.storeRequest(contextId, command);
      case CommandField.CEchoRq:
        if (command.hasDataSet) return this.refuse('C-ECHO-RQ announcing a data set');
        this.enqueue(contextId, () =>
          Promise.resolve(
            encodeResponse({
              commandField: CommandField.CEchoRsp,
              messageIdBeingRespondedTo: command.messageId,
              status: StoreStatus.Success,
              affectedSopClassUid: command.affectedSopClassUid,
            }),
          ),
        );
        return null;
      case CommandField.CCancelRq:
        // nothing of ours can be cancelled: C-CANCEL has no response (PS3.7 9.3.2.3)
        return command.hasDataSet ? this.refuse('C-CANCEL-RQ announcing a data set') : null;
      default:
        if (!UNSUPPORTED_REQUESTS.has(command.commandField))
          return this.refuse(`unexpected DIMSE command field 0x${command.commandField.toString(16)}`);
        return this.unsupported(contextId, command);
    }
  }

  /** A-RELEASE-RQ: the A-RELEASE-RP goes out after the last pending response. */
  releaseRequested(): void {
    if (this.receiving) {
      this.receiving.discard();
      this.spools.delete(this.receiving);
      this.receiving = null;
    }
    if (this.outstanding === 0) return this.params.releaseResponse();
    this.releasePending = true;
  }

  /** The association is over: an upload that was not handed to ingest is never acknowledged. */
  end(): void {
    this.discardSpools();
    this.params.gate.release(OUTSTANDING_REASON);
  }

  private refuse(why: string): null {
    this.params.abort(why);
    return null;
  }

  private unsupported(contextId: number, command: IncomingCommand): DataSetSink | null {
    const answer = (): void =>
      this.enqueue(contextId, () =>
        Promise.resolve(
          encodeResponse({
            commandField: command.commandField | 0x8000,
            messageIdBeingRespondedTo: command.messageId,
            status: UNRECOGNIZED_OPERATION,
            affectedSopClassUid: command.affectedSopClassUid,
            errorComment: 'this SCP performs only C-STORE and C-ECHO',
          }),
        ),
      );
    if (!command.hasDataSet) {
      answer();
      return null;
    }
    return { append: () => undefined, end: answer };
  }

  private storeRequest(contextId: number, command: IncomingCommand): DataSetSink | null {
    if (!command.hasDataSet) return this.refuse('C-STORE-RQ without a data set');
    if (!command.affectedSopClassUid || !command.affectedSopInstanceUid)
      return this.refuse('C-STORE-RQ without affected SOP class or instance UID');
    const transferSyntaxUid = this.params.acceptedContexts.get(contextId) ?? '1.2.840.10008.1.2';
    let spool: IncomingFile | null = null;
    let openError: Error | null = null;
    try {
      spool = this.params.settings.incoming.open(
        buildPart10Header({
          sopClassUid: command.affectedSopClassUid,
          sopInstanceUid: command.affectedSopInstanceUid,
          transferSyntaxUid,
          sourceAeTitle: this.info.callingAeTitle,
        }),
        this.params.gate,
      );
      this.spools.add(spool);
      this.receiving = spool;
      this.trackSettling(spool);
    } catch (err) {
      openError = err as Error;
    }
    const respond = (result: StoreResult): Buffer => {
      const ok = result.status === StoreStatus.Success;
      this.params.settings.onEvent(
        ok ? 'store-ok' : 'store-failed',
        ok
          ? undefined
          : `${describeStatus(result.status)} ${printable(command.affectedSopInstanceUid)} ${printable(result.errorComment ?? '')}`,
      );
      return encodeResponse({
        commandField: CommandField.CStoreRsp,
        messageIdBeingRespondedTo: command.messageId,
        status: result.status,
        affectedSopClassUid: command.affectedSopClassUid,
        affectedSopInstanceUid: command.affectedSopInstanceUid,
        errorComment: result.errorComment,
      });
    };
    return {
      append: (piece) => spool?.append(piece),
      end: () => {
        this.receiving = null;
        // the fsync starts now; ingest gets the file once its bytes are written and the earlier
        // requests have been answered, and checks it while the fsync runs
        const { written, durable } = spool
          ? (spool.finish?.() ?? completeAtOnce(spool.complete()))
          : completeAtOnce(Promise.reject(openError ?? new Error('no spool file')));
        written.catch(() => undefined);
        durable.catch(() => undefined);
        this.enqueue(contextId, async () => {
          try {
            await written;
          } catch (err) {
            spool?.discard();
            if (spool) this.spools.delete(spool);
            if (!this.params.live()) return null;
            return respond({
              status: StoreStatus.OutOfResources,
              errorComment: `spool write failed: ${(err as Error).message}`,
            });
          }
          const file = spool as IncomingFile;
          if (!this.params.live()) return null;
          this.spools.delete(file);
          const instance: IncomingInstance = {
            association: this.info,
            tempPath: file.path,
            durable,
            sopClassUid: command.affectedSopClassUid,
            sopInstanceUid: command.affectedSopInstanceUid,
            transferSyntaxUid,
          };
          const bytes = file.takeBytes?.();
          if (bytes) instance.bytes = bytes;
          if (command.moveOriginator) instance.moveOriginator = command.moveOriginator;
          try {
            const result = await this.params.settings.handler.store(instance);
            // never a success before the bytes are durable, whatever the handler awaited
            if (result.status === StoreStatus.Success) {
              const failure = await durable.then(
                () => null,
                (err: Error) => err,
              );
              if (failure)
                return respond({
                  status: StoreStatus.OutOfResources,
                  errorComment: `spool write failed: ${failure.message}`,
                });
            }
            return respond(result);
          } catch (err) {
            return respond({
              status: StoreStatus.ProcessingFailure,
              errorComment: `ingest failed: ${(err as Error).message}`,
            });
          }
        });
      },
    };
  }

  /** Queues one request's work; its response is sent after every earlier one. */
  private enqueue(contextId: number, work: () => Promise<Buffer | null>): void {
    this.outstanding++;
    if (this.outstanding >= MAX_OUTSTANDING) this.params.gate.hold(OUTSTANDING_REASON);
    this.chain = this.chain
      .then(async () => {
        let response: Buffer | null = null;
        try {
          response = await work();
        } catch (err) {
          this.params.settings.onEvent('error', `request failed: ${printable((err as Error).message)}`);
        }
        if (response && this.params.live()) this.params.respond(contextId, response);
      })
      .finally(() => {
        this.outstanding--;
        if (this.outstanding < MAX_OUTSTANDING) this.params.gate.release(OUTSTANDING_REASON);
        if (this.outstanding === 0) {
          if (this.releasePending && this.params.live()) {
            this.releasePending = false;
            this.params.releaseResponse();
          }
          this.params.idle();
        }
      })
      .catch(() => undefined);
  }

  private trackSettling(spool: IncomingFile): void {
    if (!spool.settled) {
      this.unsettled = Infinity;
      return;
    }
    this.unsettled++;
    void spool.settled().then(() => this.unsettled--);
  }

  private discardSpools(): void {
    this.receiving = null;
    for (const spool of this.spools) spool.discard();
    this.spools.clear();
  }
}

/** The stages of a file that can only say when it is durable: written then too. */
function completeAtOnce(durable: Promise<void>): { written: Promise<void>; durable: Promise<void> } {
  return { written: durable, durable };
}
