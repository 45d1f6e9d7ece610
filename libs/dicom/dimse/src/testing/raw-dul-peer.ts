/**
 * A deliberately dumb DICOM peer for the SCP specs (under testing/, so never built into dist): it writes whatever bytes a test gives it
 * and frames what comes back, so a test can break the protocol on purpose. Test code only.
 */
import { Socket, connect } from 'node:net';
import { APPLICATION_CONTEXT, encodeCStoreRq, encodeCommandElement, encodeUs, pDataHeader } from '../pdu';

export const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
export const VERIFICATION = '1.2.840.10008.1.1';
export const EXPLICIT_LE = '1.2.840.10008.1.2.1';

function item(type: number, value: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt8(type, 0);
  header.writeUInt16BE(value.length, 2);
  return Buffer.concat([header, value]);
}

export function pdu(type: number, body: Buffer): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(body.length, 2);
  return Buffer.concat([header, body]);
}

export interface RqOptions {
  calledAe?: string;
  callingAe?: string;
  contexts?: { id: number; abstractSyntax: string; transferSyntaxes: string[] }[];
  maxPduLength?: number;
  asyncOps?: { invoked: number; performed: number };
}

export function associateRq(options: RqOptions = {}): Buffer {
  const fixed = Buffer.alloc(68);
  fixed.writeUInt16BE(1, 0);
  Buffer.from((options.calledAe ?? 'AXIOM').padEnd(16, ' ').slice(0, 16), 'latin1').copy(fixed, 4);
  Buffer.from((options.callingAe ?? 'RAWSCU').padEnd(16, ' ').slice(0, 16), 'latin1').copy(fixed, 20);
  const contexts = options.contexts ?? [
    { id: 1, abstractSyntax: CT_IMAGE, transferSyntaxes: [EXPLICIT_LE] },
    { id: 3, abstractSyntax: VERIFICATION, transferSyntaxes: ['1.2.840.10008.1.2'] },
  ];
  const parts = [fixed, item(0x10, Buffer.from(APPLICATION_CONTEXT, 'latin1'))];
  for (const ctx of contexts) {
    parts.push(
      item(
        0x20,
        Buffer.concat([
          Buffer.from([ctx.id, 0, 0, 0]),
          item(0x30, Buffer.from(ctx.abstractSyntax, 'latin1')),
          ...ctx.transferSyntaxes.map((ts) => item(0x40, Buffer.from(ts, 'latin1'))),
        ]),
      ),
    );
  }
  const maxLength = Buffer.alloc(4);
  maxLength.writeUInt32BE(options.maxPduLength ?? 16384, 0);
  const user = [item(0x51, maxLength), item(0x52, Buffer.from('1.2.3.4', 'latin1'))];
  if (options.asyncOps) {
    const ops = Buffer.alloc(4);
    ops.writeUInt16BE(options.asyncOps.invoked, 0);
    ops.writeUInt16BE(options.asyncOps.performed, 2);
    user.push(item(0x53, ops));
  }
  parts.push(item(0x50, Buffer.concat(user)));
  return pdu(0x01, Buffer.concat(parts));
}

export const RELEASE_RQ = pdu(0x05, Buffer.alloc(4));
export const ABORT = pdu(0x07, Buffer.alloc(4));

export function pDataPdu(contextId: number, value: Buffer, command: boolean, last = true): Buffer {
  return Buffer.concat([pDataHeader(contextId, value.length, command, last), value]);
}

/** A C-STORE-RQ command PDU and its data set, in PDVs of at most `fragment` bytes. */
export function cStore(params: {
  contextId: number;
  messageId: number;
  sopInstanceUid: string;
  dataset: Buffer;
  fragment?: number;
}): Buffer {
  const command = encodeCStoreRq({
    messageId: params.messageId,
    sopClassUid: CT_IMAGE,
    sopInstanceUid: params.sopInstanceUid,
  });
  const parts = [pDataPdu(params.contextId, command, true)];
  const size = params.fragment ?? 4096;
  for (let o = 0; o < params.dataset.length; o += size) {
    parts.push(
      pDataPdu(params.contextId, params.dataset.subarray(o, o + size), false, o + size >= params.dataset.length),
    );
  }
  return Buffer.concat(parts);
}

/** A command set of implicit VR LE elements, for crafting broken commands. */
export function commandSet(elements: { element: number; value: Buffer }[]): Buffer {
  return Buffer.concat(elements.map(({ element, value }) => encodeCommandElement(element, value)));
}

export { encodeUs as us };

export interface FramedPdu {
  type: number;
  body: Buffer;
}

export class RawPeer {
  private buffered = Buffer.alloc(0);
  private readonly pdus: FramedPdu[] = [];
  private wake: (() => void) | null = null;
  readonly closed: Promise<number>;
  private socket!: Socket;

  private constructor(port: number) {
    this.closed = new Promise((resolve) => {
      this.socket = connect({ host: '127.0.0.1', port });
      this.socket.on('error', () => undefined);
      this.socket.on('close', () => {
        resolve(Date.now());
        this.wake?.();
      });
    });
    this.socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 6 && this.buffered.length >= 6 + this.buffered.readUInt32BE(2)) {
        const length = this.buffered.readUInt32BE(2);
        this.pdus.push({ type: this.buffered.readUInt8(0), body: this.buffered.subarray(6, 6 + length) });
        this.buffered = this.buffered.subarray(6 + length);
      }
      this.wake?.();
    });
  }

  static async connect(port: number): Promise<RawPeer> {
    const peer = new RawPeer(port);
    await new Promise<void>((resolve, reject) => {
      peer.socket.once('connect', () => resolve());
      peer.socket.once('error', reject);
    });
    return peer;
  }

  get isClosed(): boolean {
    return this.socket.destroyed;
  }

  write(bytes: Buffer): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.write(bytes, () => resolve());
    });
  }

  /** The next PDU from the SCP, or null if the connection closed or `timeoutMs` passed first. */
  async next(timeoutMs = 3000): Promise<FramedPdu | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pdu = this.pdus.shift();
      if (pdu) return pdu;
      if (this.socket.destroyed || this.socket.readableEnded || Date.now() >= deadline) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
  }

  /** Resolves with the close time, or null if the connection is still open after `timeoutMs`. */
  async closedWithin(timeoutMs: number): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    const result = await Promise.race([this.closed, timeout]);
    clearTimeout(timer);
    return result;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Decodes (0000,0100), (0000,0120), (0000,0900) from a response command PDU. */
export function responseOf(pdu: FramedPdu): { commandField: number; messageId: number; status: number } {
  const value = pdu.body.subarray(6);
  const out = { commandField: -1, messageId: -1, status: -1 };
  for (let o = 0; o + 8 <= value.length;) {
    const element = value.readUInt16LE(o + 2);
    const length = value.readUInt32LE(o + 4);
    if (element === 0x0100) out.commandField = value.readUInt16LE(o + 8);
    if (element === 0x0120) out.messageId = value.readUInt16LE(o + 8);
    if (element === 0x0900) out.status = value.readUInt16LE(o + 8);
    o += 8 + length;
  }
  return out;
}

/** Free ports from the OS, for peers that cannot listen on port 0 (this lib may not import @axiom/testing). */
export async function freeLocalPorts(count: number): Promise<number[]> {
  const { createServer } = await import('node:net');
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<import('node:net').Server>((resolve, reject) => {
          const s = createServer();
          s.once('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => {
    const a = s.address();
    return typeof a === 'object' && a ? a.port : 0;
  });
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

/**
 * A pass-through TCP proxy that records what each client sends: lets a spec compare the file the
 * SCP stored with the data set bytes a real peer (which re-encodes) actually put on the wire.
 */
export class WireRecorder {
  readonly sent: Buffer[][] = [];
  /** What the server answered on each connection (C-GET: the data sets come this way). */
  readonly answered: Buffer[][] = [];
  private server: import('node:net').Server | null = null;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<number> {
    const { createServer, connect: open } = await import('node:net');
    const server = createServer((client) => {
      const log: Buffer[] = [];
      const answers: Buffer[] = [];
      this.sent.push(log);
      this.answered.push(answers);
      const upstream = open({ host: '127.0.0.1', port: this.targetPort });
      client.on('data', (chunk: Buffer) => {
        log.push(chunk);
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        answers.push(chunk);
        client.write(chunk);
      });
      client.on('end', () => upstream.end());
      upstream.on('end', () => client.end());
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const a = server.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The data sets sent so far by the clients (or by the server), in order (reassembled from the P-DATA-TF PDVs). */
  datasets(from: 'client' | 'server' = 'client'): Buffer[] {
    const out: Buffer[] = [];
    for (const connection of from === 'client' ? this.sent : this.answered) {
      const bytes = Buffer.concat(connection);
      let current: Buffer[] = [];
      for (let o = 0; o + 6 <= bytes.length;) {
        const type = bytes.readUInt8(o);
        const length = bytes.readUInt32BE(o + 2);
        if (type === 0x04) {
          for (let p = o + 6; p < o + 6 + length;) {
            const pdvLength = bytes.readUInt32BE(p);
            const header = bytes.readUInt8(p + 5);
            if ((header & 1) === 0) {
              current.push(bytes.subarray(p + 6, p + 4 + pdvLength));
              if (header & 2) {
                out.push(Buffer.concat(current));
                current = [];
              }
            }
            p += 4 + pdvLength;
          }
        }
        o += 6 + length;
      }
    }
    return out;
  }
}
