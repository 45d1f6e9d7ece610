import { StoreStatus, describeStatus } from './dimse-status';
import { CGetReceiver, SubOperations, collect } from './cget-sub-operations';
import { DataSetSink } from './pdata-assembler';
import {
  QrCommandField,
  QrMessage,
  QrSopClass,
  decodeQrMessage,
  encodeQrRequest,
  isPendingStatus,
  qrStatusText,
} from './qr-commands';
import { QrKeys, decodeIdentifier, encodeIdentifier } from './qr-identifier';
import {
  DEFAULT_QR_TIMEOUTS,
  FindRequest,
  QrClientParams,
  QrLevel,
  RetrieveRequest,
  RetrieveResult,
  describeOperation,
  qrContexts,
  retrieveResult,
} from './qr-request';
import { ScuAssociation } from './scu-association';
import { DimseError, ScuPeer } from './scu-types';
import { printable } from './printable';

const DEFAULT_MAX_PDU = 256 * 1024;
/** A pending response's identifier is a handful of attributes; anything near this is not one. */
const MAX_IDENTIFIER_BYTES = 1024 * 1024;
const DEFAULT_MAX_MATCHES = 50_000;

export type { CGetReceiver };
export type { FindRequest, QrClientParams, QrLevel, QrModel, RetrieveRequest, RetrieveResult } from './qr-request';

/**
 * A query/retrieve SCU association (Study Root, and Patient Root for patient-level queries):
 * C-FIND collecting the pending responses' identifiers, C-MOVE to a named destination, C-GET
 * with the sub-operations received on the same association. One operation at a time.
 */
export class QrClient {
  private messageId = 0;
  private busy = false;

  private constructor(
    private readonly association: ScuAssociation,
    private readonly peer: ScuPeer,
    private readonly storageSopClasses: string[],
  ) {}

  static async open(params: QrClientParams): Promise<QrClient> {
    const storage = [...new Set(params.get?.storageSopClasses ?? [])];
    const contexts = qrContexts(params, storage);
    const association = await ScuAssociation.open({
      peer: params.peer,
      timeouts: { ...DEFAULT_QR_TIMEOUTS, ...params.timeouts },
      contexts,
      maxPduLength: params.maxPduLength ?? DEFAULT_MAX_PDU,
      roleSelections: storage.map((sopClassUid) => ({ sopClassUid, scu: false, scp: true })),
    });
    return new QrClient(association, params.peer, storage);
  }

  get peerName(): string {
    return this.association.describePeer;
  }

  /** C-FIND: every pending response's identifier; a failure status or too many matches throws. */
  async find(request: FindRequest): Promise<QrKeys[]> {
    const sopClass = (request.model ?? 'study') === 'study' ? QrSopClass.StudyRootFind : QrSopClass.PatientRootFind;
    const matches: QrKeys[] = [];
    const limit = request.maxMatches ?? DEFAULT_MAX_MATCHES;
    const what = `C-FIND at ${request.level} level on ${this.peerName}`;
    const final = await this.run({
      sopClass,
      commandField: QrCommandField.CFindRq,
      responseField: QrCommandField.CFindRsp,
      level: request.level,
      keys: request.keys,
      signal: request.signal,
      onPending: (_m, identifier, transferSyntax) => {
        if (!identifier) return;
        matches.push(decodeIdentifier(identifier, transferSyntax));
        if (matches.length > limit)
          this.association.abort(`${what} returned more than ${limit} matches; narrow the query filters`);
      },
    });
    if (final.status !== StoreStatus.Success)
      throw new DimseError(
        `${what} failed: status ${describeStatus(final.status)} (${qrStatusText(final.status)})${final.errorComment ? `: ${printable(final.errorComment)}` : ''}`,
      );
    return matches;
  }

  /** C-MOVE to `destination` (an AE the peer knows); the result carries the final status and counts. */
  async move(request: RetrieveRequest, destination: string): Promise<RetrieveResult> {
    const final = await this.run({
      sopClass: QrSopClass.StudyRootMove,
      commandField: QrCommandField.CMoveRq,
      responseField: QrCommandField.CMoveRsp,
      level: request.level,
      keys: request.keys,
      moveDestination: destination,
      signal: request.signal,
    });
    return retrieveResult(final, []);
  }

  /** C-GET: the C-STORE sub-operations arrive here and go to `receiver`, answered with its status. */
  async get(request: RetrieveRequest, receiver: CGetReceiver): Promise<RetrieveResult> {
    // PS3.7 D.3.3.4: the peer can send us C-STOREs only where it accepted a storage context and our SCP role
    const usable = this.storageSopClasses.filter(
      (c) => this.association.contextFor(c) && this.association.grantedRole(c)?.scp,
    );
    if (usable.length === 0) {
      throw new DimseError(
        `${this.peerName} accepted none of the storage SOP classes (${this.storageSopClasses.join(', ') || 'none proposed'}) with us as SCP: it cannot send the C-GET's instances`,
      );
    }
    const stored: string[] = [];
    const final = await this.run({
      sopClass: QrSopClass.StudyRootGet,
      commandField: QrCommandField.CGetRq,
      responseField: QrCommandField.CGetRsp,
      level: request.level,
      keys: request.keys,
      signal: request.signal,
      receiver: { receiver, stored },
    });
    return retrieveResult(final, stored);
  }

  async release(): Promise<void> {
    await this.association.release();
  }

  abort(why: string): void {
    this.association.abort(why);
  }

  private nextMessageId(): number {
    this.messageId = (this.messageId % 0xffff) + 1;
    return this.messageId;
  }

  private run(op: {
    sopClass: string;
    commandField: number;
    responseField: number;
    level: QrLevel;
    keys: QrKeys;
    moveDestination?: string;
    signal?: AbortSignal;
    onPending?: (m: QrMessage, identifier: Buffer | null, transferSyntax: string) => void;
    receiver?: { receiver: CGetReceiver; stored: string[] };
  }): Promise<QrMessage> {
    if (this.busy)
      return Promise.reject(
        new DimseError(`an operation is already in progress on the association with ${this.peerName}`),
      );
    const ctx = this.association.contextFor(op.sopClass);
    if (!ctx) return Promise.reject(new DimseError(this.association.refusal(op.sopClass)));
    if (op.signal?.aborted)
      return Promise.reject(new DimseError(`${describeOperation(op.commandField)} on ${this.peerName} cancelled`));
    const messageId = this.nextMessageId();
    const identifier = encodeIdentifier({ ...op.keys, QueryRetrieveLevel: op.level }, ctx.transferSyntax);
    const subOperations = new SubOperations(this.association, this.peer, op.receiver);
    this.busy = true;
    return new Promise<QrMessage>((resolve, reject) => {
      const done = (err: Error | null, final?: QrMessage): void => {
        this.association.setListener(null);
        this.association.waitForPeer(false);
        offFailure();
        op.signal?.removeEventListener('abort', onAbort);
        this.busy = false;
        if (err) {
          subOperations.discardAll();
          reject(err);
        } else {
          void subOperations.settled().then(() => resolve(final as QrMessage));
        }
      };
      const offFailure = this.association.onFailure((err) => done(err));
      const onAbort = (): void =>
        this.association.abort(`${describeOperation(op.commandField)} on ${this.peerName} cancelled`);
      op.signal?.addEventListener('abort', onAbort, { once: true });
      const onResponse = (m: QrMessage, data: Buffer | null): void => {
        if (isPendingStatus(m.status)) return op.onPending?.(m, data, ctx.transferSyntax);
        // a conformant peer lists the failed instances in the final response's identifier
        const failed = data ? decodeIdentifier(data, ctx.transferSyntax)['FailedSOPInstanceUIDList'] : undefined;
        if (failed) m.failedSopInstanceUids.push(...failed.split('\\').filter((u) => u !== ''));
        done(null, m);
      };
      this.association.setListener((contextId, bytes): DataSetSink | null => {
        const decoded = decodeQrMessage(bytes);
        if (!decoded.ok) {
          this.association.abort(`${this.peerName} sent a malformed DIMSE command: ${decoded.problem}`);
          return null;
        }
        const m = decoded.message;
        if (m.commandField === QrCommandField.CStoreRq) return subOperations.begin(contextId, m);
        if (m.commandField !== op.responseField || m.messageIdBeingRespondedTo !== messageId) {
          this.association.abort(
            `${this.peerName} sent command 0x${m.commandField.toString(16)} for message ${m.messageIdBeingRespondedTo} during ${describeOperation(op.commandField)} ${messageId}`,
          );
          return null;
        }
        if (!m.hasDataSet) {
          onResponse(m, null);
          return null;
        }
        return collect(
          MAX_IDENTIFIER_BYTES,
          (data) => onResponse(m, data),
          () => this.association.abort(`${this.peerName} sent an identifier larger than ${MAX_IDENTIFIER_BYTES} bytes`),
        );
      });
      try {
        this.association.sendMessage(
          ctx.id,
          encodeQrRequest({
            commandField: op.commandField,
            sopClassUid: op.sopClass,
            messageId,
            moveDestination: op.moveDestination,
          }),
          identifier,
        );
        this.association.waitForPeer(true);
      } catch (err) {
        done(err as Error);
      }
    });
  }
}
