/** The data set sinks of the Q/R SCU: identifiers kept in memory, and the C-STORE sub-operations of a C-GET. */
import { buildPart10Header } from '@axiom/dicom-io';
import { encodeResponse } from './dimse-command';
import { StoreStatus } from './dimse-status';
import { DataSetSink } from './pdata-assembler';
import { QrCommandField, QrMessage } from './qr-commands';
import { ReceiveGate } from './receive-gate';
import { IncomingFile, IncomingFiles, StoreResult } from './scp-types';
import { ScuAssociation } from './scu-association';
import { ScuPeer } from './scu-types';

/** What takes the C-STORE sub-operations of a C-GET: files to stream into, then the store decision. */
export interface CGetReceiver {
  incoming: IncomingFiles;
  store(instance: {
    tempPath: string;
    sopClassUid: string;
    sopInstanceUid: string;
    transferSyntaxUid: string;
  }): Promise<StoreResult>;
}

/** A data set sink that keeps up to `limit` bytes in memory. */
export function collect(limit: number, onEnd: (data: Buffer) => void, onOverflow: () => void): DataSetSink {
  const pieces: Buffer[] = [];
  let size = 0;
  return {
    append: (piece) => {
      size += piece.length;
      if (size > limit) return onOverflow();
      pieces.push(piece);
    },
    end: () => onEnd(Buffer.concat(pieces, size)),
  };
}

/** The C-STORE sub-operations of one C-GET: streamed to files, stored, answered in order. */
export class SubOperations {
  private chain: Promise<void> = Promise.resolve();
  private readonly open = new Set<IncomingFile>();

  constructor(
    private readonly association: ScuAssociation,
    private readonly peer: ScuPeer,
    private readonly target?: { receiver: CGetReceiver; stored: string[] },
  ) {}

  begin(contextId: number, m: QrMessage): DataSetSink | null {
    const context = this.association.acceptedContext(contextId);
    if (!this.target || !context) {
      this.association.abort(
        `${this.association.describePeer} sent a C-STORE-RQ ${this.target ? `on context ${contextId}, which is not a storage context` : 'outside a C-GET'}`,
      );
      return null;
    }
    if (!m.hasDataSet || !m.affectedSopClassUid || !m.affectedSopInstanceUid) {
      this.association.abort(
        `${this.association.describePeer} sent a C-STORE-RQ without a data set or affected SOP UIDs`,
      );
      return null;
    }
    const { receiver, stored } = this.target;
    const instance = {
      sopClassUid: m.affectedSopClassUid,
      sopInstanceUid: m.affectedSopInstanceUid,
      transferSyntaxUid: context.transferSyntax,
    };
    // a slow disk pauses the peer; meanwhile the response timer does not run (we are the late one)
    const gate = new ReceiveGate(
      () => {
        this.association.setReceiving(false);
        this.association.localWork(1);
      },
      () => {
        this.association.setReceiving(true);
        this.association.localWork(-1);
      },
    );
    const file = receiver.incoming.open(
      buildPart10Header({ ...instance, sourceAeTitle: this.peer.calledAeTitle }),
      gate,
    );
    this.open.add(file);
    return {
      append: (piece) => file.append(piece),
      end: () => {
        this.association.localWork(1);
        this.chain = this.chain
          .then(async () => {
            let result: StoreResult;
            try {
              await file.complete();
              this.open.delete(file);
              result = await receiver.store({ ...instance, tempPath: file.path });
            } catch (err) {
              if (this.open.delete(file)) file.discard();
              result = { status: StoreStatus.OutOfResources, errorComment: `not stored: ${(err as Error).message}` };
            }
            if (result.status === StoreStatus.Success) stored.push(instance.sopInstanceUid);
            if (this.association.isOpen) {
              this.association.sendMessage(
                contextId,
                encodeResponse({
                  commandField: QrCommandField.CStoreRsp,
                  messageIdBeingRespondedTo: m.messageId,
                  status: result.status,
                  affectedSopClassUid: instance.sopClassUid,
                  affectedSopInstanceUid: instance.sopInstanceUid,
                  errorComment: result.errorComment,
                }),
              );
            }
          })
          .catch(() => undefined)
          .finally(() => this.association.localWork(-1));
      },
    };
  }

  settled(): Promise<void> {
    return this.chain;
  }

  /** The association failed: files still being received are never stored. */
  discardAll(): void {
    for (const file of this.open) file.discard();
    this.open.clear();
  }
}
