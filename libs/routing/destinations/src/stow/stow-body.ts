import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Part10Source, part10Stream } from '../http/part10-source';

export interface StowBody {
  contentType: string;
  length: number;
  /** A fresh stream of the whole body (one per attempt). */
  open(): Readable;
}

/**
 * A multipart/related; type="application/dicom" body (PS3.18 8.6.1.2) of Part 10 instances,
 * streamed from their files, with its exact length known up front (Content-Length: every
 * origin server takes it, chunked transfer is not universal).
 */
export function stowBody(sources: Part10Source[]): StowBody {
  const boundary = `axiom-${randomBytes(16).toString('hex')}`;
  const partHead = Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`, 'latin1');
  const crlf = Buffer.from('\r\n', 'latin1');
  const tail = Buffer.from(`--${boundary}--\r\n`, 'latin1');
  const length = sources.reduce((n, s) => n + partHead.length + s.size + crlf.length, 0) + tail.length;
  async function* parts(): AsyncGenerator<Buffer> {
    for (const s of sources) {
      yield partHead;
      for await (const chunk of part10Stream(s)) yield chunk as Buffer;
      yield crlf;
    }
    yield tail;
  }
  return {
    contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`,
    length,
    open: () => Readable.from(parts(), { objectMode: false }),
  };
}
