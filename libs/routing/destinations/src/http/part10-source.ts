import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
import { buildPart10Header } from '@axiom/dicom-io';
import type { OutgoingInstance } from '../destination';

/**
 * The Part 10 bytes of an outgoing instance, as they go to a DICOMweb or object-store peer: the
 * spool file as stored when it is a Part 10 file; for a bare data set (no preamble and `DICM`),
 * a file meta header of ours in front of the data set bytes from `datasetOffset`. The data set
 * bytes themselves are never touched.
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
  const fh = await open(instance.path, 'r');
  try {
    const fileSize = (await fh.stat()).size;
    const magic = Buffer.alloc(4);
    const { bytesRead } = await fh.read(magic, 0, 4, 128);
    if (bytesRead === 4 && magic.toString('latin1') === 'DICM' && instance.datasetOffset >= 132) {
      return { path: instance.path, header: null, start: 0, size: fileSize };
    }
    const header = buildPart10Header({
      sopClassUid: instance.sopClassUid,
      sopInstanceUid: instance.sopInstanceUid,
      transferSyntaxUid: instance.transferSyntaxUid,
    });
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
