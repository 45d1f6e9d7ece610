import { createHash, randomUUID } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { readAll, splitParts } from './multipart-split';

export interface FakeObject {
  name: string;
  bytes: Buffer;
  contentType: string;
  metadata: Record<string, string>;
  generation: number;
}

interface Session {
  bucket: string;
  name: string;
  contentType: string;
  metadata: Record<string, string>;
  ifGenerationMatch: string | null;
  chunks: Buffer[];
}

/**
 * An in-memory Google Cloud Storage JSON API for tests, spoken to by the real
 * @google-cloud/storage client (STORAGE_EMULATOR_HOST or apiEndpoint): bucket metadata;
 * simple (media), multipart and resumable uploads with ifGenerationMatch (412 when it does not
 * hold); object metadata with md5Hash, download, list by prefix, delete; and injected failures.
 * Paths with and without `/storage/v1` are taken (the client uses both with an emulator host).
 */
export class FakeGcs {
  readonly buckets = new Map<string, Map<string, FakeObject>>();
  /** Object names in the order they were created (a name twice: something was written twice). */
  readonly created: string[] = [];
  private readonly sessions = new Map<string, Session>();
  private failures = { count: 0, status: 503 };
  private lostAnswers = 0;
  private server: Server | null = null;
  private port = 0;
  private generation = 1000;

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  createBucket(name: string): void {
    if (!this.buckets.has(name)) this.buckets.set(name, new Map());
  }

  object(bucket: string, name: string): FakeObject | undefined {
    return this.buckets.get(bucket)?.get(name);
  }

  /** The next `count` upload requests are answered `status` (and stored nothing). */
  failNext(count: number, status = 503): void {
    this.failures = { count, status };
  }

  /** The next `count` uploads are stored, then answered 503 (the answer was lost: the client's retry meets its own object). */
  loseAnswerNext(count: number): void {
    this.lostAnswers = count;
  }

  async start(port = this.port): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: Error) => this.json(res, 500, { error: { code: 500, message: err.message } }));
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
  }

  private resource(bucket: string, o: FakeObject): Record<string, unknown> {
    return {
      kind: 'storage#object',
      id: `${bucket}/${o.name}/${o.generation}`,
      bucket,
      name: o.name,
      generation: String(o.generation),
      metageneration: '1',
      contentType: o.contentType,
      size: String(o.bytes.length),
      md5Hash: createHash('md5').update(o.bytes).digest('base64'),
      metadata: o.metadata,
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const path = url.pathname.replace(/^\/storage\/v1(?=\/)/, '');
    const body = await readAll(req);
    const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
    if (upload && this.failures.count > 0) {
      this.failures.count--;
      return this.json(res, this.failures.status, {
        error: { code: this.failures.status, message: 'injected: backend unavailable' },
      });
    }
    if (upload) return this.upload(req, res, url, decodeURIComponent(upload[1] as string), body);
    const bucketOnly = /^\/b\/([^/]+)$/.exec(path);
    if (bucketOnly) {
      const name = decodeURIComponent(bucketOnly[1] as string);
      if (!this.buckets.has(name))
        return this.json(res, 404, { error: { code: 404, message: `The specified bucket does not exist: ${name}` } });
      return this.json(res, 200, { kind: 'storage#bucket', id: name, name, location: 'EU' });
    }
    const list = /^\/b\/([^/]+)\/o$/.exec(path);
    if (list && req.method === 'GET') {
      const bucket = decodeURIComponent(list[1] as string);
      const prefix = url.searchParams.get('prefix') ?? '';
      const items = [...(this.buckets.get(bucket)?.values() ?? [])]
        .filter((o) => o.name.startsWith(prefix))
        .map((o) => this.resource(bucket, o));
      return this.json(res, 200, { kind: 'storage#objects', items });
    }
    const one = /^\/b\/([^/]+)\/o\/(.+)$/.exec(path);
    if (one) {
      const bucket = decodeURIComponent(one[1] as string);
      const name = decodeURIComponent(one[2] as string);
      const o = this.object(bucket, name);
      if (!o) return this.json(res, 404, { error: { code: 404, message: `No such object: ${bucket}/${name}` } });
      if (req.method === 'DELETE') {
        this.buckets.get(bucket)?.delete(name);
        res.writeHead(204).end();
        return;
      }
      if (url.searchParams.get('alt') === 'media') {
        res
          .writeHead(200, {
            'Content-Type': o.contentType,
            'x-goog-hash': `md5=${createHash('md5').update(o.bytes).digest('base64')}`,
          })
          .end(o.bytes);
        return;
      }
      return this.json(res, 200, this.resource(bucket, o));
    }
    this.json(res, 404, { error: { code: 404, message: `fake GCS: no route for ${req.method} ${url.pathname}` } });
  }

  private async upload(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    bucket: string,
    body: Buffer,
  ): Promise<void> {
    if (!this.buckets.has(bucket))
      return this.json(res, 404, { error: { code: 404, message: `The specified bucket does not exist: ${bucket}` } });
    const type = url.searchParams.get('uploadType');
    const precondition = url.searchParams.get('ifGenerationMatch');
    const uploadId = url.searchParams.get('upload_id');
    if (type === 'resumable' && uploadId) {
      const session = this.sessions.get(uploadId);
      if (!session) return this.json(res, 404, { error: { code: 404, message: 'no such upload session' } });
      session.chunks.push(body);
      const range = /bytes (\d+)-(\d+)\/(\d+|\*)/.exec(String(req.headers['content-range'] ?? ''));
      const total = range?.[3];
      const received = Buffer.concat(session.chunks).length;
      if (total === '*' || (total !== undefined && received < Number(total))) {
        res.writeHead(308, { Range: `bytes=0-${received - 1}` }).end();
        return;
      }
      this.sessions.delete(uploadId);
      return this.finish(res, { ...session, bytes: Buffer.concat(session.chunks) });
    }
    if (type === 'resumable') {
      const meta = JSON.parse(body.toString('utf8') || '{}') as {
        name?: string;
        contentType?: string;
        metadata?: Record<string, string>;
      };
      const name = meta.name ?? url.searchParams.get('name') ?? '';
      if (!this.preconditionHolds(bucket, name, precondition))
        return this.json(res, 412, {
          error: { code: 412, message: 'At least one of the pre-conditions you specified did not hold.' },
        });
      const id = randomUUID();
      this.sessions.set(id, {
        bucket,
        name,
        contentType: meta.contentType ?? String(req.headers['x-upload-content-type'] ?? 'application/octet-stream'),
        metadata: meta.metadata ?? {},
        ifGenerationMatch: precondition,
        chunks: [],
      });
      res
        .writeHead(200, {
          Location: `${this.origin}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=resumable&upload_id=${id}`,
        })
        .end();
      return;
    }
    if (type === 'multipart') {
      const [metaPart, data] = splitParts(body, String(req.headers['content-type'] ?? ''));
      const meta = JSON.parse(metaPart?.toString('utf8') ?? '{}') as {
        name?: string;
        contentType?: string;
        metadata?: Record<string, string>;
      };
      return this.finish(res, {
        bucket,
        name: meta.name ?? url.searchParams.get('name') ?? '',
        contentType: meta.contentType ?? 'application/octet-stream',
        metadata: meta.metadata ?? {},
        ifGenerationMatch: precondition,
        bytes: data ?? Buffer.alloc(0),
      });
    }
    return this.finish(res, {
      bucket,
      name: url.searchParams.get('name') ?? '',
      contentType: String(req.headers['content-type'] ?? 'application/octet-stream'),
      metadata: {},
      ifGenerationMatch: precondition,
      bytes: body,
    });
  }

  private preconditionHolds(bucket: string, name: string, ifGenerationMatch: string | null): boolean {
    if (ifGenerationMatch === null) return true;
    const existing = this.object(bucket, name);
    return ifGenerationMatch === '0' ? existing === undefined : existing?.generation === Number(ifGenerationMatch);
  }

  private finish(res: ServerResponse, u: Omit<Session, 'chunks'> & { bytes: Buffer }): void {
    if (!u.name) return this.json(res, 400, { error: { code: 400, message: 'object name required' } });
    if (!this.preconditionHolds(u.bucket, u.name, u.ifGenerationMatch)) {
      return this.json(res, 412, {
        error: { code: 412, message: 'At least one of the pre-conditions you specified did not hold.' },
      });
    }
    const o: FakeObject = {
      name: u.name,
      bytes: u.bytes,
      contentType: u.contentType,
      metadata: u.metadata,
      generation: ++this.generation,
    };
    this.buckets.get(u.bucket)?.set(u.name, o);
    this.created.push(u.name);
    if (this.lostAnswers > 0) {
      this.lostAnswers--;
      return this.json(res, 503, { error: { code: 503, message: 'injected: stored, but the answer is lost' } });
    }
    this.json(res, 200, this.resource(u.bucket, o));
  }
}
