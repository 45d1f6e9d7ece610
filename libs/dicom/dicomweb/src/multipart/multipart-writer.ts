import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';

/** One part to write: its Content-Type, extra headers, and bytes (a Buffer, or a stream opened when its turn comes). */
export interface MultipartWriterPart {
  contentType: string;
  headers?: Record<string, string>;
  body: Buffer | (() => Readable);
}

/** A fresh boundary: 70 characters at most, never found in DICOM data by chance. */
export function newBoundary(): string {
  return `axiom-${randomUUID()}`;
}

/** The Content-Type of a multipart/related body whose root parts are of `type` (e.g. application/dicom). */
export function multipartRelatedType(boundary: string, type: string): string {
  return `multipart/related; type="${type}"; boundary=${boundary}`;
}

/**
 * Writes parts as a multipart body (RFC 2046): a stream, so each part's bytes flow through without
 * being gathered (part streams are opened one after the other, when their turn comes).
 */
export function multipartBody(
  parts: Iterable<MultipartWriterPart> | AsyncIterable<MultipartWriterPart>,
  boundary: string,
): Readable {
  return Readable.from(multipartChunks(parts, boundary), { objectMode: false });
}

/** The same as multipartBody, gathered into one Buffer (small bodies: tests, Content-Length requests). */
export async function multipartBuffer(
  parts: Iterable<MultipartWriterPart> | AsyncIterable<MultipartWriterPart>,
  boundary: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of multipartChunks(parts, boundary)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function* multipartChunks(
  parts: Iterable<MultipartWriterPart> | AsyncIterable<MultipartWriterPart>,
  boundary: string,
): AsyncGenerator<Buffer> {
  if (!boundary || boundary.length > 70 || /[\r\n]/.test(boundary))
    throw new Error('the boundary must be 1 to 70 characters on one line');
  for await (const part of parts) {
    const lines = [`--${boundary}`, `Content-Type: ${part.contentType}`];
    for (const [name, value] of Object.entries(part.headers ?? {})) lines.push(`${name}: ${value}`);
    yield Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
    if (Buffer.isBuffer(part.body)) {
      yield part.body;
    } else {
      for await (const chunk of part.body()) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    }
    yield Buffer.from('\r\n', 'latin1');
  }
  yield Buffer.from(`--${boundary}--\r\n`, 'latin1');
}
