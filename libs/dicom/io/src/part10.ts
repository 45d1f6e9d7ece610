import { open } from 'node:fs/promises';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { ByteSyntax, DicomElement, DicomParseError, findElement, hasLongLength } from './dataset-model';
import { parseDataset } from './dataset-parser';
import { TransferSyntax, syntaxOf } from './transfer-syntax';

/** Our implementation class UID (2.25 UUID-derived root) and version, written into file meta. */
export const IMPLEMENTATION_CLASS_UID = '2.25.270119382744417318373622345436426347921';
export const IMPLEMENTATION_VERSION_NAME = 'AXIOM_FLOW_01';

export interface FileMeta {
  mediaStorageSopClassUid?: string;
  mediaStorageSopInstanceUid?: string;
  transferSyntaxUid?: string;
  implementationClassUid?: string;
  sourceApplicationEntityTitle?: string;
}

export interface Part10Layout {
  /** True when the file starts with the 128-byte preamble and `DICM`. */
  hasPreamble: boolean;
  meta: FileMeta;
  /** File offset of the first data set byte (just past the file meta group). */
  datasetOffset: number;
  /** The transfer syntax of the data set: from the meta, or detected when the meta lacks it. */
  transferSyntaxUid: string;
  /** True when the meta did not name the transfer syntax and it was inferred from the bytes. */
  transferSyntaxInferred: boolean;
}

const META_READ_SYNTAX: ByteSyntax = { littleEndian: true, explicitVr: true };

function readUidValue(buf: Buffer, el: DicomElement | undefined): string | undefined {
  if (!el) return undefined;
  return buf.toString('latin1', el.valueOffset, el.valueOffset + el.valueLength).replace(/[\0 ]+$/, '');
}

/**
 * Reads the preamble and the file meta group. Accepts files without a preamble (bare data sets,
 * parsed as implicit VR little endian unless the bytes say explicit), meta groups without a group
 * length, and metas that omit the transfer syntax.
 */
export function readPart10Layout(buf: Buffer): Part10Layout {
  if (buf.length === 0) throw new DicomParseError('empty file: no DICOM data', 0);
  const hasPreamble = buf.length >= 132 && buf.toString('latin1', 128, 132) === 'DICM';
  let offset = hasPreamble ? 132 : 0;
  const meta: FileMeta = {};
  if (buf.length >= offset + 8 && buf.readUInt16LE(offset) === 0x0002) {
    // the meta group ends at the first element of another group (group length is optional)
    let end = offset;
    while (end + 8 <= buf.length && buf.readUInt16LE(end) === 0x0002) {
      const vr = buf.toString('latin1', end + 4, end + 6);
      const long = hasLongLength(vr);
      if (long && end + 12 > buf.length) break;
      const len = long ? buf.readUInt32LE(end + 8) : buf.readUInt16LE(end + 6);
      end += (long ? 12 : 8) + len;
    }
    if (end > buf.length)
      throw new DicomParseError(
        `truncated file meta information: ends at ${end}, file has ${buf.length} bytes`,
        offset,
      );
    const metaEls = parseDataset(buf, META_READ_SYNTAX, offset, end).elements;
    meta.mediaStorageSopClassUid = readUidValue(buf, findElement(metaEls, 0x00020002));
    meta.mediaStorageSopInstanceUid = readUidValue(buf, findElement(metaEls, 0x00020003));
    meta.transferSyntaxUid = readUidValue(buf, findElement(metaEls, 0x00020010));
    meta.implementationClassUid = readUidValue(buf, findElement(metaEls, 0x00020012));
    meta.sourceApplicationEntityTitle = readUidValue(buf, findElement(metaEls, 0x00020016));
    offset = end;
  } else if (hasPreamble) {
    throw new DicomParseError('DICM prefix is not followed by a file meta information group', 132);
  }
  if (meta.transferSyntaxUid) {
    return {
      hasPreamble,
      meta,
      datasetOffset: offset,
      transferSyntaxUid: meta.transferSyntaxUid,
      transferSyntaxInferred: false,
    };
  }
  return {
    hasPreamble,
    meta,
    datasetOffset: offset,
    transferSyntaxUid: inferTransferSyntax(buf, offset),
    transferSyntaxInferred: true,
  };
}

/** Explicit VR little endian when the bytes after the first tag spell a VR, else implicit. */
export function inferTransferSyntax(buf: Buffer, offset: number): string {
  if (buf.length < offset + 8) throw new DicomParseError('truncated data set: fewer than 8 bytes', offset);
  const vr = buf.toString('latin1', offset + 4, offset + 6);
  return /^[A-Z]{2}$/.test(vr) ? TransferSyntax.ExplicitVrLittleEndian : TransferSyntax.ImplicitVrLittleEndian;
}

/** Bounds on what reading an object may cost (a hostile deflated data set can inflate 1000:1). */
export interface ReadLimits {
  /** Most bytes a deflated data set may inflate to; beyond it the object is refused. */
  maxInflatedBytes?: number;
  /** Most bytes an object (the file as received) may have; checked before it is read. */
  maxObjectBytes?: number;
}

/** 4 GiB: the default bound on an object as received. */
export const DEFAULT_MAX_OBJECT_BYTES = 4 * 1024 * 1024 * 1024;

/** Refuses an object whose size exceeds `maxObjectBytes` (default 4 GiB). */
export function checkObjectSize(size: number, limits: ReadLimits = {}): void {
  const max = limits.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES;
  if (size > max)
    throw new DicomLimitError(
      `object of ${size} bytes exceeds the configured maximum of ${max} bytes (AXIOM_MAX_OBJECT_BYTES)`,
      max,
    );
}

/** 512 MiB: the default bound on an inflated data set, whoever reads it. */
export const DEFAULT_MAX_INFLATED_BYTES = 512 * 1024 * 1024;

/** An object refused because it exceeds a configured size bound (not malformed, too big). */
export class DicomLimitError extends DicomParseError {
  constructor(
    message: string,
    readonly limit: number,
  ) {
    super(message, 0);
    this.name = 'DicomLimitError';
  }
}

/**
 * The data set bytes of a Part 10 file (inflated when the transfer syntax is deflated). Inflation
 * is bounded: zlib stops at `maxInflatedBytes` instead of allocating whatever the stream says.
 */
export function datasetBytes(buf: Buffer, layout: Part10Layout, limits: ReadLimits = {}): Buffer {
  const raw = buf.subarray(layout.datasetOffset);
  if (!syntaxOf(layout.transferSyntaxUid).deflated) return raw;
  const max = limits.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  try {
    return inflateRawSync(raw, { maxOutputLength: max });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DicomLimitError(
        `deflated data set inflates to more than ${max} bytes, the configured maximum (AXIOM_MAX_INFLATED_BYTES)`,
        max,
      );
    }
    throw new DicomParseError(`deflated data set cannot be inflated: ${(err as Error).message}`, layout.datasetOffset);
  }
}

/**
 * Deflates a data set for a deflated transfer syntax, padded to an even length with a NUL
 * (PS3.5 A.5: the deflated stream is an even number of bytes; inflate stops at the stream end).
 */
export function deflateDataset(dataset: Buffer): Buffer {
  const body = deflateRawSync(dataset);
  return body.length % 2 ? Buffer.concat([body, Buffer.from([0])]) : body;
}

function encodeMetaElement(group: number, element: number, vr: string, value: Buffer): Buffer {
  const long = hasLongLength(vr);
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(element, 2);
  header.write(vr, 4, 'latin1');
  if (long) header.writeUInt32LE(value.length, 8);
  else header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

function uidBytes(uid: string): Buffer {
  const b = Buffer.from(uid, 'latin1');
  return b.length % 2 ? Buffer.concat([b, Buffer.from([0])]) : b;
}

function aeBytes(ae: string): Buffer {
  const b = Buffer.from(ae, 'latin1');
  return b.length % 2 ? Buffer.concat([b, Buffer.from(' ')]) : b;
}

export interface MetaParams {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  sourceAeTitle?: string;
}

/** Preamble, `DICM` and a complete file meta group (with its group length) for a data set. */
export function buildPart10Header(params: MetaParams): Buffer {
  const elements = [
    encodeMetaElement(0x0002, 0x0001, 'OB', Buffer.from([0x00, 0x01])),
    encodeMetaElement(0x0002, 0x0002, 'UI', uidBytes(params.sopClassUid)),
    encodeMetaElement(0x0002, 0x0003, 'UI', uidBytes(params.sopInstanceUid)),
    encodeMetaElement(0x0002, 0x0010, 'UI', uidBytes(params.transferSyntaxUid)),
    encodeMetaElement(0x0002, 0x0012, 'UI', uidBytes(IMPLEMENTATION_CLASS_UID)),
    encodeMetaElement(0x0002, 0x0013, 'SH', aeBytes(IMPLEMENTATION_VERSION_NAME)),
  ];
  if (params.sourceAeTitle)
    elements.push(encodeMetaElement(0x0002, 0x0016, 'AE', aeBytes(params.sourceAeTitle.trim())));
  const body = Buffer.concat(elements);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(body.length, 0);
  return Buffer.concat([
    Buffer.alloc(128),
    Buffer.from('DICM', 'latin1'),
    encodeMetaElement(0x0002, 0x0000, 'UL', groupLength),
    body,
  ]);
}

/**
 * The one growing-chunk reader of a file's start: reads `firstChunk` bytes, then four times as
 * many each round, until `parse` returns a result for the prefix (undefined: "read more"). The
 * last round hands over the whole file (`whole` true), so `parse` decides there for good.
 */
export async function readPrefixUntil<T>(
  path: string,
  firstChunk: number,
  parse: (prefix: Buffer, whole: boolean, size: number) => T | undefined,
): Promise<T> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    for (let chunk = Math.min(size, firstChunk); ; chunk = Math.min(size, chunk * 4)) {
      const buf = Buffer.allocUnsafe(chunk);
      const { bytesRead } = await fh.read(buf, 0, chunk, 0);
      const whole = bytesRead >= size || bytesRead < chunk;
      const result = parse(buf.subarray(0, bytesRead), whole, size);
      if (result !== undefined) return result;
      if (whole) throw new DicomParseError(`${path}: no result from the whole file`, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

/** Reads just enough of a file to know its layout (preamble, meta, transfer syntax). */
export function readLayoutFromPath(path: string): Promise<Part10Layout> {
  return readPrefixUntil(path, 64 * 1024, (prefix, whole) => {
    try {
      return readPart10Layout(prefix);
    } catch (err) {
      if (whole) throw err;
      return undefined; // the meta group goes on past this prefix
    }
  });
}
