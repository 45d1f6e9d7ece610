import { PassThrough, Readable } from 'node:stream';
import { MultipartError, MultipartErrorCode } from './multipart.error';

/** One body part as the reader hands it over: its headers (names in lower case) and a body stream. */
export interface MultipartPart {
  headers: Record<string, string>;
  /** The part's Content-Type header, or null when it has none. */
  contentType: string | null;
  /** The part's bytes, streamed as they arrive; the reader waits while this stream is full. */
  body: Readable;
}

/**
 * Called once per part, in order. The reader feeds `part.body` while the handler consumes it and
 * starts the next part only after the handler's promise resolved; a rejection stops the reader
 * with that error. A handler that resolves without reading the body has the rest discarded.
 */
export type MultipartPartHandler = (part: MultipartPart) => Promise<void>;

export interface MultipartLimits {
  /** At most this many parts (default: no limit). */
  maxParts?: number;
  /** Header section of one part at most this many bytes (default 16 KiB). */
  maxHeaderBytes?: number;
  /** Body of one part at most this many bytes (default: no limit). */
  maxPartBytes?: number;
  /** Bytes a part's body stream buffers before the reader waits (default 64 KiB). */
  highWaterMark?: number;
}

const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);
/** Transport padding (RFC 2046 5.1.1) longer than this on a boundary line is not padding. */
const MAX_PADDING = 1024;

type State = 'preamble' | 'boundary-line' | 'headers' | 'body' | 'epilogue';

interface ActivePart {
  body: PassThrough;
  bytes: number;
  /** Settles when the handler's promise settles; never rejects. */
  handled: Promise<void>;
  outcome: { ok: true } | { ok: false; error: unknown } | null;
}

/**
 * Reads a multipart body (RFC 2046; used for multipart/related, RFC 2387) as a stream: each
 * part's body goes to `onPart` as it arrives, with back-pressure, so memory stays flat however
 * large a part is. Chunks may split anywhere (a boundary across chunks included). The preamble
 * and epilogue are skipped; a body that ends before the close delimiter, a bad boundary line or
 * a bad header section reject with a MultipartError. The input is never destroyed here, so an
 * HTTP server can still answer a request whose body was refused.
 */
export async function readMultipart(
  body: Readable | AsyncIterable<Buffer | string>,
  boundary: string,
  onPart: MultipartPartHandler,
  limits: MultipartLimits = {},
): Promise<void> {
  const reader = new MultipartReader(boundary, onPart, limits);
  const chunks = body instanceof Readable ? body.iterator({ destroyOnReturn: false }) : body;
  try {
    for await (const chunk of chunks)
      await reader.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
    reader.finish();
  } catch (err) {
    await reader.abort(err);
    throw err;
  }
}

class MultipartReader {
  private state: State = 'preamble';
  /** Unprocessed bytes; starts with a line break so that a boundary on the first line is found too. */
  private buf: Buffer = CRLF;
  private readonly delimiter: Buffer;
  private part: ActivePart | null = null;
  private parts = 0;
  private readonly maxHeaderBytes: number;

  constructor(
    boundary: string,
    private readonly onPart: MultipartPartHandler,
    private readonly limits: MultipartLimits,
  ) {
    if (!boundary) throw new MultipartError(MultipartErrorCode.NoBoundary, 'empty boundary');
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
    this.maxHeaderBytes = limits.maxHeaderBytes ?? 16 * 1024;
  }

  async push(chunk: Buffer): Promise<void> {
    if (chunk.length === 0) return;
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    await this.advance();
  }

  finish(): void {
    if (this.state === 'epilogue') return;
    const where =
      this.state === 'preamble'
        ? this.parts === 0
          ? 'before any boundary'
          : 'in the preamble'
        : `in a part (${this.state})`;
    throw new MultipartError(MultipartErrorCode.Malformed, `the body ended ${where}, without the closing boundary`);
  }

  /** Fails the part in flight (its consumer sees the error) and waits for its handler to settle. */
  async abort(err: unknown): Promise<void> {
    const part = this.part;
    this.part = null;
    if (!part) return;
    if (!part.body.destroyed) part.body.destroy(err instanceof Error ? err : new Error(String(err)));
    await part.handled;
  }

  private async advance(): Promise<void> {
    for (;;) {
      const buf = this.buf;
      switch (this.state) {
        case 'preamble': {
          const at = buf.indexOf(this.delimiter);
          if (at < 0) {
            this.buf = buf.subarray(Math.max(0, buf.length - (this.delimiter.length - 1)));
            return;
          }
          this.buf = buf.subarray(at + this.delimiter.length);
          this.state = 'boundary-line';
          break;
        }
        case 'boundary-line': {
          if (buf.length < 2) return;
          if (buf[0] === DASH && buf[1] === DASH) {
            this.state = 'epilogue';
            this.buf = EMPTY;
            return;
          }
          let i = 0;
          while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
          if (i > MAX_PADDING) throw malformed('a boundary line holds more than padding after the boundary');
          if (i + 2 > buf.length) return;
          if (buf[i] !== CR || buf[i + 1] !== LF)
            throw malformed('a boundary line must end with CRLF right after the boundary');
          this.buf = buf.subarray(i + 2);
          this.state = 'headers';
          break;
        }
        case 'headers': {
          if (buf.length < 2) return;
          const end = buf[0] === CR && buf[1] === LF ? 0 : buf.indexOf(HEADER_END);
          if (end < 0) {
            if (buf.length > this.maxHeaderBytes)
              throw limit(`a part's header section is longer than ${this.maxHeaderBytes} bytes`);
            return;
          }
          if (end > this.maxHeaderBytes)
            throw limit(`a part's header section is longer than ${this.maxHeaderBytes} bytes`);
          const headers = parseHeaders(buf.subarray(0, end).toString('latin1'));
          this.buf = buf.subarray(end === 0 ? 2 : end + HEADER_END.length);
          this.startPart(headers);
          this.state = 'body';
          break;
        }
        case 'body': {
          const at = buf.indexOf(this.delimiter);
          if (at < 0) {
            // the last bytes may begin a delimiter that the next chunk completes
            const keep = Math.min(buf.length, this.delimiter.length - 1);
            this.buf = buf.subarray(buf.length - keep);
            await this.emit(buf.subarray(0, buf.length - keep));
            return;
          }
          this.buf = buf.subarray(at + this.delimiter.length);
          await this.emit(buf.subarray(0, at));
          await this.endPart();
          this.state = 'boundary-line';
          break;
        }
        case 'epilogue':
          this.buf = EMPTY;
          return;
      }
    }
  }

  private startPart(headers: Record<string, string>): void {
    this.parts++;
    if (this.limits.maxParts !== undefined && this.parts > this.limits.maxParts)
      throw limit(`more than ${this.limits.maxParts} parts`);
    const body = new PassThrough({ highWaterMark: this.limits.highWaterMark ?? 64 * 1024 });
    // the body may break (a request cut short) before the handler pipes the part anywhere: the
    // error is kept on the stream (`errored`, and a pipeline attached later rejects with it), and an
    // unobserved 'error' event must not take the process down
    body.on('error', () => undefined);
    const part: ActivePart = { body, bytes: 0, handled: Promise.resolve(), outcome: null };
    part.handled = Promise.resolve()
      .then(() => this.onPart({ headers, contentType: headers['content-type'] ?? null, body }))
      .then(
        () => {
          part.outcome = { ok: true };
          if (!body.writableEnded) body.resume(); // the handler is done with it: discard the rest
        },
        (error: unknown) => {
          part.outcome = { ok: false, error };
          if (!body.destroyed) body.destroy();
        },
      );
    this.part = part;
  }

  private async emit(bytes: Buffer): Promise<void> {
    const part = this.part;
    if (!part || bytes.length === 0) return;
    part.bytes += bytes.length;
    if (this.limits.maxPartBytes !== undefined && part.bytes > this.limits.maxPartBytes)
      throw limit(`a part is larger than ${this.limits.maxPartBytes} bytes`);
    this.throwIfHandlerFailed(part);
    if (part.body.destroyed) return;
    if (!part.body.write(bytes)) await waitForRoom(part);
    this.throwIfHandlerFailed(part);
  }

  private async endPart(): Promise<void> {
    const part = this.part;
    if (!part) return;
    if (!part.body.destroyed) part.body.end();
    await part.handled;
    this.part = null;
    this.throwIfHandlerFailed(part);
  }

  private throwIfHandlerFailed(part: ActivePart): void {
    if (part.outcome && !part.outcome.ok) {
      this.part = null;
      throw part.outcome.error;
    }
  }
}

/** Resolves when the part's body can take more, or when its consumer is gone. */
function waitForRoom(part: ActivePart): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      part.body.off('drain', done).off('close', done);
      resolve();
    };
    part.body.once('drain', done).once('close', done);
    void part.handled.then(done);
  });
}

/** RFC 5322-style header lines; folded lines continue the previous one; repeated names are joined. */
function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let last: string | null = null;
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    if ((line[0] === ' ' || line[0] === '\t') && last !== null) {
      headers[last] = `${headers[last]} ${line.trim()}`.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed(`a part header line has no name: ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    last = name;
  }
  return headers;
}

function malformed(message: string): MultipartError {
  return new MultipartError(MultipartErrorCode.Malformed, message);
}

function limit(message: string): MultipartError {
  return new MultipartError(MultipartErrorCode.LimitExceeded, message);
}
