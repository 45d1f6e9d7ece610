import { IncomingHttpHeaders, request as httpRequestRaw } from 'node:http';
import { request as httpsRequestRaw } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface HttpCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** A streamed body (its Content-Length is in `headers`), or bytes. */
  body?: Readable | Buffer;
  /** The whole exchange, connect to the last byte of the answer. */
  timeoutMs: number;
  /** Answers longer than this are cut off with an error (a bounded read of what the peer says). */
  maxAnswerBytes?: number;
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** No answer: connection refused or reset, DNS, TLS or a timeout. Always worth a retry. */
export class HttpTransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HttpTransportError';
  }
}

const DEFAULT_MAX_ANSWER = 16 * 1024 * 1024;

/**
 * One HTTP exchange on node:http(s), with the request body streamed (backpressure from the
 * socket) and the answer read whole, bounded. Used by the DICOMweb adapters so that large
 * instances never sit in memory on the way out.
 */
export function httpCall(call: HttpCall): Promise<HttpAnswer> {
  const url = new URL(call.url);
  const send = url.protocol === 'https:' ? httpsRequestRaw : httpRequestRaw;
  const limit = call.maxAnswerBytes ?? DEFAULT_MAX_ANSWER;
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(err);
    };
    let responded = false;
    const req = send(url, { method: call.method, headers: call.headers }, (res) => {
      responded = true;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit)
          fail(
            new HttpTransportError(`${call.method} ${url.origin}${url.pathname}: answer larger than ${limit} bytes`),
          );
        else chunks.push(chunk);
      });
      res.once('error', (err) =>
        fail(new HttpTransportError(`${call.method} ${url.origin}${url.pathname}: ${err.message}`)),
      );
      res.once('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
    const timer = setTimeout(
      () =>
        fail(
          new HttpTransportError(
            `${call.method} ${url.origin}${url.pathname}: no complete answer within ${call.timeoutMs} ms`,
          ),
        ),
      call.timeoutMs,
    );
    req.once('error', (err) =>
      fail(new HttpTransportError(`${call.method} ${url.origin}${url.pathname}: ${err.message}`)),
    );
    if (call.body === undefined) {
      req.end();
    } else if (Buffer.isBuffer(call.body)) {
      req.end(call.body);
    } else {
      // a peer that answers early (401, 413) and closes is not a body error: its answer counts
      pipeline(call.body, req).catch((err: Error) => {
        if (!responded) fail(new HttpTransportError(`${call.method} ${url.origin}${url.pathname}: ${err.message}`));
      });
    }
  });
}

/** The server's words for an error answer: a short, printable excerpt of its body. */
export function answerExcerpt(answer: HttpAnswer, max = 300): string {
  const text = answer.body
    .toString('utf8')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
