import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, unlinkSync, write as fsWrite } from 'node:fs';
import { Server as NetServer, Socket, createServer } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildPart10Header } from '@axiom/dicom-io';
import { StoreStatus, describeStatus } from './dimse-status';

// dcmjs-dimse ships CommonJS with bundled types; it is the only place that imports it.
const dimse = require('dcmjs-dimse') as typeof import('dcmjs-dimse');
const { Scp, Dataset, constants, responses, log } = dimse;
log.setLevel('warn');

export interface AssociationInfo {
  listenerName: string;
  callingAeTitle: string;
  calledAeTitle: string;
  peerAddress: string;
}

/** What the network layer hands to ingest: the received bytes, already a durable Part 10 file. */
export interface IncomingInstance {
  association: AssociationInfo;
  /** Part 10 file (our meta header + the data set bytes as received), fsynced. */
  tempPath: string;
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
}

export interface StoreResult {
  status: number;
  errorComment?: string;
}

/** The ingest port: the SCP knows nothing of routing (the Orthanc habit). */
export interface StoreHandler {
  store(instance: IncomingInstance): Promise<StoreResult>;
}

export interface ScpListenerOptions {
  name: string;
  aeTitle: string;
  port: number;
  host?: string;
  /** Where partial uploads are written before ingest takes them. */
  incomingDir: string;
  handler: StoreHandler;
  onEvent?: (event: 'association' | 'store-ok' | 'store-failed' | 'error', detail?: string) => void;
}

const QUERY_RETRIEVE_PREFIXES = ['1.2.840.10008.5.1.4.1.2.', '1.2.840.10008.5.1.4.31', '1.2.840.10008.5.1.4.32', '1.2.840.10008.5.1.4.33'];
const WRITE_HIGH_WATER = 8 * 1024 * 1024;

/**
 * Streams one C-STORE data set to a file: our Part 10 header first, then the PDV bytes exactly
 * as received. When more than WRITE_HIGH_WATER bytes wait for the disk the socket is paused,
 * so a slow disk throttles the sender instead of growing memory.
 */
class SpoolStream extends Writable {
  private readonly fd: number;
  /** Closed exactly once: a second close could hit a descriptor number reused by another file. */
  private fdOpen = true;
  error: Error | null = null;

  constructor(readonly path: string, header: Buffer, private readonly socket: Socket) {
    super({ highWaterMark: WRITE_HIGH_WATER });
    this.fd = openSync(path, 'w');
    this.write(header);
    this.on('drain', () => socket.resume());
  }

  override write(chunk: Buffer, cb?: (error: Error | null | undefined) => void): boolean;
  override write(chunk: Buffer, encoding: BufferEncoding, cb?: (error: Error | null | undefined) => void): boolean;
  override write(chunk: Buffer, ...rest: unknown[]): boolean {
    const ok = super.write(chunk, ...(rest as [BufferEncoding]));
    if (!ok) this.socket.pause();
    return ok;
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (error?: Error | null) => void): void {
    const writeAll = (offset: number): void => {
      fsWrite(this.fd, chunk, offset, chunk.length - offset, null, (err, written) => {
        if (err) return cb(err);
        if (offset + written < chunk.length) return writeAll(offset + written);
        cb();
      });
    };
    writeAll(0);
  }

  override _final(cb: (error?: Error | null) => void): void {
    try {
      fsyncSync(this.fd);
      this.closeFd();
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    try {
      this.closeFd();
    } catch {
      // nothing more to release
    }
    cb(err);
  }

  private closeFd(): void {
    if (!this.fdOpen) return;
    this.fdOpen = false;
    closeSync(this.fd);
  }
}

interface StoreRequestLike {
  getAffectedSopClassUid(): string;
  getAffectedSopInstanceUid(): string;
  axiomSpool?: SpoolStream;
}

function createScpClass(opts: ScpListenerOptions) {
  return class AxiomScp extends Scp {
    private info: AssociationInfo | null = null;
    private readonly openStreams = new Set<SpoolStream>();
    private readonly sock: Socket;

    constructor(socket: Socket) {
      super(socket, { associationTimeout: 60_000, pduTimeout: 120_000 });
      this.sock = socket;
      socket.setNoDelay(true);
      socket.once('close', () => this.cleanup());
    }

    override associationRequested(association: import('dcmjs-dimse').association.Association): void {
      const called = association.getCalledAeTitle().trim();
      this.info = {
        listenerName: opts.name,
        callingAeTitle: association.getCallingAeTitle().trim(),
        calledAeTitle: called,
        peerAddress: (this.sock.remoteAddress ?? '').replace(/^::ffff:/, ''),
      };
      if (called !== opts.aeTitle) {
        opts.onEvent?.('error', `association from ${this.info.callingAeTitle}@${this.info.peerAddress} rejected: called AE "${called}" is not "${opts.aeTitle}"`);
        this.sendAssociationReject(constants.RejectResult.Permanent, constants.RejectSource.ServiceUser, constants.RejectReason.CalledAeNotRecognized);
        return;
      }
      for (const c of association.getPresentationContexts()) {
        const ctx = association.getPresentationContext(c.id);
        const abstract = ctx.getAbstractSyntaxUid();
        const offered = ctx.getTransferSyntaxUids();
        if (QUERY_RETRIEVE_PREFIXES.some((p) => abstract.startsWith(p))) {
          ctx.setResult(constants.PresentationContextResult.RejectAbstractSyntaxNotSupported);
        } else if (offered.length === 0) {
          ctx.setResult(constants.PresentationContextResult.RejectTransferSyntaxesNotSupported);
        } else {
          // store as received: accept the sender's first choice, whatever the transfer syntax
          ctx.setResult(constants.PresentationContextResult.Accept, offered[0]);
        }
      }
      opts.onEvent?.('association', `${this.info.callingAeTitle}@${this.info.peerAddress}`);
      this.sendAssociationAccept();
    }

    override associationReleaseRequested(): void {
      this.sendAssociationReleaseResponse();
    }

    override cEchoRequest(request: import('dcmjs-dimse').requests.CEchoRequest, callback: (r: import('dcmjs-dimse').responses.CEchoResponse) => void): void {
      const rsp = responses.CEchoResponse.fromRequest(request);
      rsp.setStatus(constants.Status.Success);
      callback(rsp);
    }

    override createStoreWritableStream(context: import('dcmjs-dimse').association.PresentationContext, request: import('dcmjs-dimse').requests.CStoreRequest): Writable {
      const req = request as unknown as StoreRequestLike;
      const header = buildPart10Header({
        sopClassUid: req.getAffectedSopClassUid(),
        sopInstanceUid: req.getAffectedSopInstanceUid(),
        transferSyntaxUid: context.getAcceptedTransferSyntaxUid() ?? '1.2.840.10008.1.2',
        sourceAeTitle: this.info?.callingAeTitle,
      });
      const stream = new SpoolStream(join(opts.incomingDir, `${randomUUID()}.part`), header, this.sock);
      stream.on('error', (err) => { stream.error = err; });
      this.openStreams.add(stream);
      req.axiomSpool = stream;
      return stream;
    }

    override createDatasetFromStoreWritableStream(writable: Writable, context: import('dcmjs-dimse').association.PresentationContext,
      callback: (dataset: import('dcmjs-dimse').Dataset) => void): void {
      const done = () => callback(new Dataset({}, context.getAcceptedTransferSyntaxUid()));
      if (writable.writableFinished || writable.destroyed) return done();
      writable.once('finish', done);
      writable.once('error', done);
    }

    override cStoreRequest(request: import('dcmjs-dimse').requests.CStoreRequest, callback: (r: import('dcmjs-dimse').responses.CStoreResponse) => void): void {
      const req = request as unknown as StoreRequestLike;
      const stream = req.axiomSpool;
      const answer = (result: StoreResult) => {
        const rsp = responses.CStoreResponse.fromRequest(request);
        rsp.setStatus(result.status);
        if (result.errorComment) rsp.setErrorComment(result.errorComment.slice(0, 64));
        opts.onEvent?.(result.status === StoreStatus.Success ? 'store-ok' : 'store-failed',
          result.status === StoreStatus.Success ? undefined : `${describeStatus(result.status)} ${result.errorComment ?? ''}`);
        callback(rsp);
      };
      if (!stream || !this.info) return answer({ status: StoreStatus.ProcessingFailure, errorComment: 'no data set received' });
      this.openStreams.delete(stream);
      if (stream.error) {
        safeUnlink(stream.path);
        return answer({ status: StoreStatus.OutOfResources, errorComment: `spool write failed: ${stream.error.message}` });
      }
      const incoming: IncomingInstance = {
        association: this.info,
        tempPath: stream.path,
        sopClassUid: req.getAffectedSopClassUid(),
        sopInstanceUid: req.getAffectedSopInstanceUid(),
        transferSyntaxUid: request.getDataset()?.getTransferSyntaxUid() ?? '1.2.840.10008.1.2',
      };
      opts.handler.store(incoming).then(answer, (err: unknown) => {
        answer({ status: StoreStatus.ProcessingFailure, errorComment: `ingest failed: ${(err as Error).message}` });
      });
    }

    override abort(): void {
      this.cleanup();
    }

    private cleanup(): void {
      // partial uploads of an aborted or dropped association are never acknowledged: discard them
      for (const s of this.openStreams) {
        s.destroy();
        safeUnlink(s.path);
      }
      this.openStreams.clear();
    }
  };
}

function safeUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** One C-STORE/C-ECHO SCP listening on a port. */
export class ScpListener {
  private server: NetServer | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(readonly options: ScpListenerOptions) {}

  start(): Promise<void> {
    mkdirSync(this.options.incomingDir, { recursive: true });
    const ScpClass = createScpClass(this.options);
    return new Promise((resolve, reject) => {
      const server = createServer((socket) => {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
        const scp = new ScpClass(socket);
        scp.on('networkError', (err: Error) => {
          this.options.onEvent?.('error', `network error: ${err.message}`);
          socket.destroy();
        });
      });
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? '0.0.0.0', () => {
        server.off('error', reject);
        server.on('error', (err) => this.options.onEvent?.('error', err.message));
        this.server = server;
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // let associations in flight finish their current exchange, then cut them
      setTimeout(() => { for (const s of this.sockets) s.destroy(); }, 2000).unref();
    });
  }

  get listening(): boolean {
    return this.server !== null;
  }
}
