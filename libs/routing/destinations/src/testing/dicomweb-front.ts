import { IncomingMessage, Server, ServerResponse, createServer, request } from 'node:http';
import { AddressInfo } from 'node:net';
import { DicomFile } from '@axiom/dicom-io';
import { readAll, splitParts } from './multipart-split';

export interface DicomwebFrontOptions {
  /** The origin server behind (an Orthanc), e.g. http://127.0.0.1:8042 */
  upstream: string;
  /** Cloud Healthcare's check of the bearer: a missing or refused token is answered 401, as Google does. */
  acceptsBearer?: (token: string) => boolean;
  /** Cloud Healthcare's answer to an instance it already holds: 409 with it in 00081198 (Orthanc would overwrite). */
  conflictOnExisting?: boolean;
}

interface Part {
  bytes: Buffer;
  sopInstanceUid: string;
  sopClassUid: string;
}

/**
 * An HTTP front for an Orthanc DICOMweb server, for the DICOMweb destination tests: it adds what
 * Orthanc cannot be made to do (injected 5xx answers, Google's 401 for a refused token and 409
 * for an instance already stored) and records every instance that reached the origin server, so
 * a test can prove nothing was sent twice. All other requests pass through unchanged.
 */
export class DicomwebFront {
  /** SOP Instance UIDs that reached the origin server, one entry per time, in order. */
  readonly forwarded: string[] = [];
  /** SOP Instance UIDs the origin server answered as stored (00081199), one entry per time. */
  readonly stored: string[] = [];
  /** Instances per STOW-RS request that reached the front (answered or not). */
  readonly requests: number[] = [];
  private failures: { count: number; status: number } = { count: 0, status: 503 };
  private server: Server | null = null;
  private port = 0;

  constructor(private readonly options: DicomwebFrontOptions) {}

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The next `count` STOW-RS requests are answered `status` without reaching the origin server. */
  failNext(count: number, status = 503): void {
    this.failures = { count, status };
  }

  async start(port = this.port): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: Error) => {
        if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(`front: ${err.message}`);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Stops listening (the destination is down: connections are refused); start() again on the same port. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    if (this.options.acceptsBearer) {
      const auth = String(req.headers['authorization'] ?? '');
      if (!auth.startsWith('Bearer ') || !this.options.acceptsBearer(auth.slice(7))) {
        res.writeHead(401, { 'Content-Type': 'application/json' }).end(
          JSON.stringify({
            error: {
              code: 401,
              status: 'UNAUTHENTICATED',
              message: 'Request had invalid authentication credentials.',
            },
          }),
        );
        return;
      }
    }
    const isStow = req.method === 'POST' && /\/studies\/?$/.test((req.url ?? '').split('?')[0] ?? '');
    if (!isStow) return this.pass(req, res, body);
    const parts: Part[] = splitParts(body, String(req.headers['content-type'] ?? '')).map((bytes) => {
      const id = DicomFile.parse(bytes, { headerOnly: true }).identity();
      return { bytes, sopInstanceUid: id.sopInstanceUid ?? '', sopClassUid: id.sopClassUid ?? '' };
    });
    this.requests.push(parts.length);
    if (this.failures.count > 0) {
      this.failures.count--;
      res
        .writeHead(this.failures.status, { 'Content-Type': 'text/plain' })
        .end('injected failure: the service is unavailable');
      return;
    }
    const existing = this.options.conflictOnExisting ? await this.existing(parts) : new Set<string>();
    const fresh = parts.filter((p) => !existing.has(p.sopInstanceUid));
    let status = 409;
    let answer: Record<string, { vr: string; Value?: unknown[] }> = {};
    if (fresh.length > 0) {
      const boundary = 'front-boundary-0f3c';
      const out = Buffer.concat([
        ...fresh.flatMap((p) => [
          Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
          p.bytes,
          Buffer.from('\r\n'),
        ]),
        Buffer.from(`--${boundary}--\r\n`),
      ]);
      const up = await this.upstream(
        'POST',
        req.url ?? '/',
        {
          'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
          Accept: 'application/dicom+json',
          ...(req.headers['authorization'] ? { Authorization: req.headers['authorization'] } : {}),
        },
        out,
      );
      for (const p of fresh) this.forwarded.push(p.sopInstanceUid);
      status = existing.size > 0 ? 409 : up.status;
      answer = JSON.parse(up.body.toString('utf8') || '{}') as typeof answer;
      for (const item of (answer['00081199']?.Value ?? []) as Record<string, { Value?: string[] }>[]) {
        const uid = item['00081155']?.Value?.[0];
        if (uid) this.stored.push(uid);
      }
    }
    if (existing.size > 0) {
      const failed = parts
        .filter((p) => existing.has(p.sopInstanceUid))
        .map((p) => ({
          '00081150': { vr: 'UI', Value: [p.sopClassUid] },
          '00081155': { vr: 'UI', Value: [p.sopInstanceUid] },
          '00081197': { vr: 'US', Value: [0x0111] },
        }));
      answer['00081198'] = { vr: 'SQ', Value: [...(answer['00081198']?.Value ?? []), ...failed] };
    }
    res.writeHead(status, { 'Content-Type': 'application/dicom+json' }).end(JSON.stringify(answer));
  }

  private async existing(parts: Part[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const p of parts) {
      const r = await this.upstream(
        'POST',
        '/tools/lookup',
        { 'Content-Type': 'text/plain' },
        Buffer.from(p.sopInstanceUid),
      );
      if ((JSON.parse(r.body.toString('utf8') || '[]') as unknown[]).length > 0) out.add(p.sopInstanceUid);
    }
    return out;
  }

  private async pass(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const headers: Record<string, string> = {};
    for (const h of ['accept', 'content-type', 'authorization'])
      if (req.headers[h]) headers[h] = String(req.headers[h]);
    const up = await this.upstream(req.method ?? 'GET', req.url ?? '/', headers, body.length > 0 ? body : undefined);
    res
      .writeHead(up.status, { 'Content-Type': String(up.headers['content-type'] ?? 'application/octet-stream') })
      .end(up.body);
  }

  private upstream(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: Buffer,
  ): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.options.upstream}${path}`,
        { method, headers: { ...headers, ...(body ? { 'Content-Length': String(body.length) } : {}) } },
        (res) => {
          readAll(res).then((b) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b }), reject);
        },
      );
      req.once('error', reject);
      req.end(body);
    });
  }
}
