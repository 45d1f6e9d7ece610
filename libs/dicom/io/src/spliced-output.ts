import { randomUUID } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DicomFile } from './dicom-file';

/** Copy buffer: the only part of the pixel data ever in memory while a morphed file is written. */
const COPY_CHUNK = 1 << 20;
/** Copy buffers kept between outputs (one per concurrent write; beyond that they are allocated). */
const COPY_BUFFERS_KEPT = 4;
const copyBuffers: Buffer[] = [];
/** Output folders this process made (bounded): an output does not pay a mkdir each. */
const madeDirs = new Set<string>();
const MADE_DIRS_MAX = 1000;

/**
 * Where the bytes a (header) read holds stop in their file, when its data set is a verbatim slice
 * of the file: a morph of those bytes, followed by the file from this offset on, is the whole
 * morphed object. Null for deflated data sets (inflated in memory, re-deflated whole).
 */
export function spliceOffset(file: DicomFile): number | null {
  if (file.syntax.deflated) return null;
  return file.layout.datasetOffset + file.dataset.length;
}

/** A source file must reach its splice point (it was cut short, or is not the file the head was made from). */
export function assertSpliceFits(sourcePath: string, size: number, sourceOffset: number): void {
  if (size < sourceOffset)
    throw new Error(`${sourcePath} is ${size} bytes, shorter than the splice point ${sourceOffset}`);
}

export interface SplicedFileParams {
  /** The new start of the file (preamble, meta, morphed header and whatever else the read held). */
  head: Buffer;
  sourcePath: string;
  /** Everything of the source from here to its end follows `head` unchanged. */
  sourceOffset: number;
  outputPath: string;
  fileMode: number;
  dirMode: number;
}

/**
 * Writes `head` + the source's bytes from `sourceOffset` durably (temp name, fsync, rename, fsync
 * of the directory), copying through one fixed buffer: a 1 GB multi-frame costs a megabyte of
 * memory, not a gigabyte. Returns the size written.
 */
export async function writeSplicedFile(p: SplicedFileParams): Promise<number> {
  const dir = dirname(p.outputPath);
  const temp = `${p.outputPath}.${randomUUID()}.tmp`;
  let written = 0;
  try {
    written = await writeSplicedInto(await openNew(temp, dir, p), p);
    await rename(temp, p.outputPath);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await fsyncDirectory(dir);
  return written;
}

/**
 * Writes `head` + the source's bytes from `sourceOffset` into a new file at `path` (which must
 * not exist; its folder must), with exactly `fileMode`, and fsyncs it; no rename, no folder sync: for a caller that renames
 * the file into place itself. Removes the file if the copy fails. Returns the size written.
 */
export async function copySpliced(
  path: string,
  p: Pick<SplicedFileParams, 'head' | 'sourcePath' | 'sourceOffset' | 'fileMode'>,
): Promise<number> {
  try {
    return await writeSplicedInto(await open(path, 'wx', p.fileMode), p, p.fileMode);
  } catch (err) {
    await unlink(path).catch(() => undefined);
    throw err;
  }
}

/** The copy itself, into an opened file (with `mode`, set exactly, whatever the umask), which is fsynced and closed here. */
async function writeSplicedInto(
  out: FileHandle,
  p: Pick<SplicedFileParams, 'head' | 'sourcePath' | 'sourceOffset'>,
  mode?: number,
): Promise<number> {
  try {
    if (mode !== undefined) await out.chmod(mode);
    let written = await writeAll(out, p.head);
    const src = await open(p.sourcePath, 'r');
    const buf = copyBuffers.pop() ?? Buffer.allocUnsafe(COPY_CHUNK);
    try {
      const size = (await src.stat()).size;
      assertSpliceFits(p.sourcePath, size, p.sourceOffset);
      for (let pos = p.sourceOffset; pos < size;) {
        const { bytesRead } = await src.read(buf, 0, Math.min(buf.length, size - pos), pos);
        if (bytesRead === 0) throw new Error(`${p.sourcePath} ended at ${pos} of ${size} bytes while being copied`);
        written += await writeAll(out, buf.subarray(0, bytesRead));
        pos += bytesRead;
      }
    } finally {
      if (copyBuffers.length < COPY_BUFFERS_KEPT) copyBuffers.push(buf);
      await src.close();
    }
    await out.sync();
    return written;
  } finally {
    await out.close();
  }
}

/** The temp output, in its folder: made once per process (and again if it was removed since). */
async function openNew(temp: string, dir: string, p: SplicedFileParams): Promise<FileHandle> {
  if (madeDirs.has(dir)) {
    try {
      return await open(temp, 'wx', p.fileMode);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      madeDirs.delete(dir);
    }
  }
  await mkdir(dir, { recursive: true, mode: p.dirMode });
  if (madeDirs.size >= MADE_DIRS_MAX) madeDirs.clear();
  madeDirs.add(dir);
  return open(temp, 'wx', p.fileMode);
}

async function writeAll(fh: FileHandle, bytes: Buffer): Promise<number> {
  for (let o = 0; o < bytes.length;) {
    const { bytesWritten } = await fh.write(bytes, o, bytes.length - o);
    o += bytesWritten;
  }
  return bytes.length;
}

async function fsyncDirectory(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
