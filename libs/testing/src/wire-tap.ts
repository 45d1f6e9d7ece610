import { createHash } from 'node:crypto';
import { Server, Socket, connect, createServer } from 'node:net';

/**
 * A TCP relay between a DICOM sender and a receiver that records what the sender put on the
 * wire. `datasets()` returns every C-STORE data set as transmitted (the P-DATA-TF value bytes of
 * the data set PDVs, joined per message), which is the reference a router's output is compared
 * to: senders such as dcmsend re-encode some files while sending, so the file on disk is not it.
 */
export class WireTap {
  private server: Server | null = null;
  private readonly streams: Buffer[][] = [];
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly listenPort: number,
    private readonly target: { host: string; port: number },
  ) {}

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server = createServer((client) => {
        const chunks: Buffer[] = [];
        this.streams.push(chunks);
        const upstream = connect(this.target.port, this.target.host);
        client.setNoDelay(true);
        upstream.setNoDelay(true);
        for (const s of [client, upstream]) {
          this.sockets.add(s);
          s.on('close', () => this.sockets.delete(s));
          s.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.on('data', (d: Buffer) => chunks.push(Buffer.from(d)));
        client.pipe(upstream);
        upstream.pipe(client);
      });
      this.server.once('error', reject);
      this.server.listen(this.listenPort, '127.0.0.1', () => resolve());
    });
  }

  /** Forgets what was recorded so far. */
  reset(): void {
    this.streams.length = 0;
  }

  datasets(): Buffer[] {
    const out: Buffer[] = [];
    for (const chunks of this.streams) {
      const stream = Buffer.concat(chunks);
      let offset = 0;
      let current: Buffer[] = [];
      while (offset + 6 <= stream.length) {
        const type = stream.readUInt8(offset);
        const len = stream.readUInt32BE(offset + 2);
        const body = stream.subarray(offset + 6, offset + 6 + len);
        offset += 6 + len;
        if (type !== 0x04) continue;
        let p = 0;
        while (p + 6 <= body.length) {
          const itemLen = body.readUInt32BE(p);
          const mch = body.readUInt8(p + 5);
          const value = body.subarray(p + 6, p + 4 + itemLen);
          p += 4 + itemLen;
          if ((mch & 1) === 1) continue; // command
          current.push(value);
          if ((mch & 2) === 2) {
            out.push(Buffer.concat(current));
            current = [];
          }
        }
      }
    }
    return out;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}
