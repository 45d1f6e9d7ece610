import { Server as NetServer, Socket, createServer } from 'node:net';
import {
  SecureContext,
  Server as TlsServer,
  TLSSocket,
  createSecureContext,
  createServer as createTlsServer,
} from 'node:tls';
import { RejectReason, RejectResult, RejectSource, Rejection } from './associate-pdu';
import { PDU_HARD_CAP } from './pdu-reader';
import { ScpTlsOptions, clientCertificateProblem, serverTlsOptions } from './dimse-tls';
import { printable } from './printable';
import { ScpAssociation } from './scp-association';
import { IncomingFiles, ScpEvent, ScpLimits, StoreHandler } from './scp-types';

export type {
  AssociationInfo,
  IncomingFile,
  IncomingFiles,
  IncomingInstance,
  ScpEvent,
  ScpLimits,
  StoreHandler,
  StoreResult,
} from './scp-types';

export interface ScpListenerOptions extends Partial<ScpLimits> {
  name: string;
  aeTitle: string;
  /** 0 = any free port (read it from `port` after `start()`). */
  port: number;
  host?: string;
  /** Where received data sets are written before ingest takes them (the spool's incoming writer). */
  incoming: IncomingFiles;
  handler: StoreHandler;
  onEvent?: (event: ScpEvent, detail?: string) => void;
  /** DICOM TLS: every connection must complete a TLS handshake within the ARTIM timeout first. */
  tls?: ScpTlsOptions;
}

export const DEFAULT_SCP_LIMITS: ScpLimits = {
  maxPduLength: 1024 * 1024,
  associationRequestTimeoutMs: 30_000,
  idleTimeoutMs: 120_000,
  pduTimeoutMs: 60_000,
  maxAssociations: 64,
  maxAssociationsPerPeer: 16,
};

/** A-ASSOCIATE-RJ for a connection above a limit: transient, service provider (presentation), local limit exceeded. */
const LOCAL_LIMIT_EXCEEDED: Rejection = {
  result: RejectResult.Transient,
  source: RejectSource.ServiceProviderPresentation,
  reason: RejectReason.LocalLimitExceeded,
};

/** Smallest PDU we announce: PS3.8 lets a peer assume at least this much. */
const MIN_PDU_LENGTH = 4096;

/**
 * One C-STORE/C-ECHO SCP listening on a port, on our own upper layer (scp-association.ts). It
 * counts connections in total and per peer address: those above a limit get A-ASSOCIATE-RJ
 * (local limit exceeded) once they ask, and past twice the limit they are closed at once, so a
 * flood of half-open connections cannot exhaust the process's file descriptors.
 */
export class ScpListener {
  private server: NetServer | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly associations = new Set<ScpAssociation>();
  private readonly perPeer = new Map<string, number>();
  private admitted = 0;
  private refused = 0;
  readonly limits: ScpLimits;
  private readonly secureContext: SecureContext | null;
  private tlsServer: TlsServer | null = null;
  /** Admission decisions of TCP connections whose TLS handshake runs. */
  private readonly pendingTls = new Map<string, Rejection | null>();

  constructor(readonly options: ScpListenerOptions) {
    // fail here, at construction, on a key that does not match its certificate
    this.secureContext = options.tls ? createSecureContext(serverTlsOptions(options.tls)) : null;
    const limits = { ...DEFAULT_SCP_LIMITS };
    for (const key of Object.keys(limits) as (keyof ScpLimits)[]) {
      const value = options[key];
      if (value !== undefined) limits[key] = value;
    }
    limits.maxPduLength = Math.min(Math.max(limits.maxPduLength, MIN_PDU_LENGTH), PDU_HARD_CAP);
    this.limits = limits;
  }

  /** The bound port (useful after listening on port 0); 0 before `start()`. */
  get port(): number {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  get listening(): boolean {
    return this.server !== null;
  }

  /** Connections open now (admitted or being refused). */
  get connectionCount(): number {
    return this.sockets.size;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = createServer((socket) => this.onConnection(socket));
      server.maxConnections = this.limits.maxAssociations * 2 + 16;
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? '0.0.0.0', () => {
        server.off('error', reject);
        server.on('error', (err) => this.emit('error', `listener error: ${printable(err.message)}`));
        this.server = server;
        resolve();
      });
    });
  }

  /**
   * Stops listening at once (a new connection is refused); associations in flight may finish
   * for `graceMs` (their peers release them), then the rest are cut. An instance is acknowledged
   * only once kept, so a cut association loses nothing: its sender retries what was unanswered.
   */
  async stop(graceMs = 2000): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const association of this.associations) association.drain();
      setTimeout(() => {
        for (const s of this.sockets) s.destroy();
      }, graceMs).unref();
    });
  }

  private onConnection(socket: Socket): void {
    const peer = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const fromPeer = this.perPeer.get(peer) ?? 0;
    const withinLimits = this.admitted < this.limits.maxAssociations && fromPeer < this.limits.maxAssociationsPerPeer;
    if (!withinLimits && this.refused >= this.limits.maxAssociations) {
      // refusing politely costs a descriptor too: past this many, drop without a word
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    if (withinLimits) {
      this.admitted++;
      this.perPeer.set(peer, fromPeer + 1);
    } else {
      this.refused++;
    }
    socket.once('close', () => {
      this.sockets.delete(socket);
      if (!withinLimits) {
        this.refused--;
        return;
      }
      this.admitted--;
      const left = (this.perPeer.get(peer) ?? 1) - 1;
      if (left > 0) this.perPeer.set(peer, left);
      else this.perPeer.delete(peer);
    });
    const overLimit = withinLimits ? null : LOCAL_LIMIT_EXCEEDED;
    if (this.secureContext) this.startSecure(socket, overLimit);
    else this.startAssociation(socket, overLimit);
  }

  private startAssociation(socket: Socket, overLimit: Rejection | null): void {
    const association = new ScpAssociation(
      socket,
      {
        ...this.limits,
        sourceName: this.options.name,
        aeTitle: this.options.aeTitle,
        incoming: this.options.incoming,
        handler: this.options.handler,
        onEvent: (event, detail) => this.emit(event, detail),
      },
      overLimit,
    );
    this.associations.add(association);
    socket.once('close', () => this.associations.delete(association));
    association.start();
  }

  /**
   * TLS on the counted TCP connection: the TLS server (never listening itself) takes the socket;
   * its handshake must finish within the ARTIM timeout (a peer that never speaks TLS, or trickles
   * it, is closed like one that never asks for an association); then the same association, with
   * every limit and timer, runs on the secure socket.
   */
  private startSecure(socket: Socket, overLimit: Rejection | null): void {
    const server = (this.tlsServer ??= this.createTlsServer());
    // the TLS socket keeps the TCP socket's remote address and port: they find its admission again
    const key = `${socket.remoteAddress}|${socket.remotePort}`;
    this.pendingTls.set(key, overLimit);
    socket.once('close', () => this.pendingTls.delete(key));
    server.emit('connection', socket);
  }

  private createTlsServer(): TlsServer {
    const tls = this.options.tls as ScpTlsOptions;
    // the server makes its context from the key material itself (it ignores a given secureContext)
    const server = createTlsServer({
      ...serverTlsOptions(tls),
      requestCert: tls.requireClientCert,
      rejectUnauthorized: false,
      handshakeTimeout: this.limits.associationRequestTimeoutMs,
    });
    server.on('secureConnection', (secure: TLSSocket) => {
      const key = `${secure.remoteAddress}|${secure.remotePort}`;
      const overLimit = this.pendingTls.get(key) ?? null;
      this.pendingTls.delete(key);
      const problem = clientCertificateProblem(secure, tls.requireClientCert);
      if (problem) {
        this.emit('error', `TLS connection from ${peerOf(secure)} refused: ${printable(problem)}`);
        return void secure.destroy();
      }
      this.startAssociation(secure, overLimit);
    });
    server.on('tlsClientError', (err: Error, secure: TLSSocket) => {
      this.emit('error', `TLS connection from ${peerOf(secure)} refused: ${printable(err.message)}`);
      secure.destroy();
    });
    return server;
  }

  private emit(event: ScpEvent, detail?: string): void {
    try {
      this.options.onEvent?.(event, detail);
    } catch {
      // an observer's failure must not break the association
    }
  }
}

function peerOf(socket: Socket): string {
  return (socket.remoteAddress ?? '?').replace(/^::ffff:/, '');
}
