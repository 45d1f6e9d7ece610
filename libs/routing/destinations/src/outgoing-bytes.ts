import { copyFile, open, readFile } from 'node:fs/promises';
import { assertSpliceFits, copySpliced } from '@axiom/dicom-io';
import type { OutgoingInstance } from './destination';

/**
 * The bytes of an outgoing instance, whichever way they are kept: the file at `path`, or a
 * spliced output (`splice`: a morphed head, then the received file from `sourceOffset` on).
 * Adapters read them here and never assume that `path` alone holds them.
 */

/** The data set as an SCU sends it: bytes before the file's (a spliced head's data set), then the file from `datasetOffset`. */
export function datasetSource(instance: OutgoingInstance): { path: string; datasetOffset: number; prefix?: Buffer } {
  if (!instance.splice) return { path: instance.path, datasetOffset: instance.datasetOffset };
  return {
    path: instance.path,
    datasetOffset: instance.splice.sourceOffset,
    prefix: instance.splice.head.subarray(instance.datasetOffset),
  };
}

/** The data set's bytes in memory (for comparing a small object with a peer's copy). */
export async function readDataset(instance: OutgoingInstance): Promise<Buffer> {
  const file = await readFile(instance.path);
  if (!instance.splice) return file.subarray(instance.datasetOffset);
  const { head, sourceOffset } = instance.splice;
  assertSpliceFits(instance.path, file.length, sourceOffset);
  return Buffer.concat([head.subarray(instance.datasetOffset), file.subarray(sourceOffset)]);
}

/**
 * The instance's bytes as a new file at `path` (it must not exist), fsynced, not yet renamed
 * into place: a plain copy of the file, or the head and the rest of the received file.
 */
export async function copyOutgoing(instance: OutgoingInstance, path: string, fileMode: number): Promise<void> {
  if (instance.splice) {
    await copySpliced(path, { ...instance.splice, sourcePath: instance.path, fileMode });
    return;
  }
  await copyFile(instance.path, path);
  const fh = await open(path, 'r+');
  try {
    await fh.chmod(fileMode);
    await fh.sync();
  } finally {
    await fh.close();
  }
}
