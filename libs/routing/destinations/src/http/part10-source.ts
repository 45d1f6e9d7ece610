import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
import { assertSpliceFits, buildPart10Header } from '@axiom/dicom-io';
import type { OutgoingInstance } from '../destination';

/**
 * The Part 10 bytes of an outgoing instance, as they go to a DICOMweb or object-store peer: the
 * spool file as stored when it is a Part 10 file; for a bare data set (no preamble and `DICM`),
 * a file meta header of ours in front of the data set bytes from `datasetOffset`; for a spliced
 * output, its head, then the received file from the splice point. The data set bytes themselves
 * are never touched.
 */
export interface Part10Source {
  path: string;
  /** Bytes sent before the file's bytes (a meta header we made), or null. */
  header: Buffer | null;
  /** Offset in the file of the first byte sent. */
  start: number;
  /** Bytes sent in all (header included). */
  size: number;
}

export async function part10Source(instance: OutgoingInstance): Promise<Part10Source> {
  if (instance.splice) return splicedSource(instance, instance.splice);
  const fh = await open(instance.path, 'r');
  try {
    const fileSize = (await fh.stat()).size;
    const magic = Buffer.alloc(4);
    const { bytesRead } = await fh.read(magic, 0, 4, 128);
    if (bytesRead === 4 && magic.toString('latin1') === 'DICM' && instance.datasetOffset >= 132) {
      return { path: instance.path, header: null, start: 0, size: fileSize };
    }
    const header = metaOf(instance);
    return {
      path: instance.path,
      header,
      start: instance.datasetOffset,
      size: header.length + fileSize - instance.datasetOffset,
    };
  } finally {
    await fh.close();
  }
}

/** A spliced output: its head (behind a meta header of ours if it has none), then the received file from the splice point. */
async function splicedSource(
  instance: OutgoingInstance,
  splice: NonNullable<OutgoingInstance['splice']>,
): Promise<Part10Source> {
  const fileSize = (await stat(instance.path)).size;
  assertSpliceFits(instance.path, fileSize, splice.sourceOffset);
  const part10 =
    instance.datasetOffset >= 132 && splice.head.length >= 132 && splice.head.toString('latin1', 128, 132) === 'DICM';
  const header = part10 ? splice.head : Buffer.concat([metaOf(instance), splice.head.subarray(instance.datasetOffset)]);
  return {
    path: instance.path,
    header,
    start: splice.sourceOffset,
    size: header.length + fileSize - splice.sourceOffset,
  };
}

function metaOf(instance: OutgoingInstance): Buffer {
  return buildPart10Header({
    sopClassUid: instance.sopClassUid,
    sopInstanceUid: instance.sopInstanceUid,
    transferSyntaxUid: instance.transferSyntaxUid,
  });
}

/** A fresh stream of the source's bytes (one per attempt). */
export function part10Stream(source: Part10Source): Readable {
  const file = createReadStream(source.path, { start: source.start });
  if (!source.header) return file;
  const out = new PassThrough();
  out.write(source.header);
  file.once('error', (err) => out.destroy(err));
  file.pipe(out);
  return out;
}

/** The MD5 of the bytes sent, base64 (as GCS reports `md5Hash`). */
export async function part10Md5(source: Part10Source): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of part10Stream(source)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}
