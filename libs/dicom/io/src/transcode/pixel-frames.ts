import { DicomElement, findElement } from '../dataset-model';

/** The Image Pixel module attributes a decoder needs, read from the top-level data set. */
export interface ImagePixelModule {
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  samplesPerPixel: number;
  photometricInterpretation: string;
  planarConfiguration: number;
  numberOfFrames: number;
}

export const Tag = {
  SamplesPerPixel: 0x00280002,
  PhotometricInterpretation: 0x00280004,
  PlanarConfiguration: 0x00280006,
  NumberOfFrames: 0x00280008,
  Rows: 0x00280010,
  Columns: 0x00280011,
  BitsAllocated: 0x00280100,
  BitsStored: 0x00280101,
  PixelRepresentation: 0x00280103,
  LossyImageCompression: 0x00282110,
  SopClassUid: 0x00080016,
  SopInstanceUid: 0x00080018,
  ExtendedOffsetTable: 0x7fe00001,
  ExtendedOffsetTableLengths: 0x7fe00002,
  EncapsulatedPixelDataValueTotalLength: 0x7fe00003,
  PixelData: 0x7fe00010,
} as const;

export class TranscodeError extends Error {
  /** `permanent`: the same input will never convert (as opposed to a crashed or timed-out worker). */
  constructor(
    message: string,
    readonly permanent = true,
  ) {
    super(message);
    this.name = 'TranscodeError';
  }
}

export function stringValue(buf: Buffer, el: DicomElement | undefined): string | undefined {
  if (!el) return undefined;
  return buf
    .toString('latin1', el.valueOffset, el.valueOffset + el.valueLength)
    .replace(/[\0 ]+$/, '')
    .trim();
}

function usValue(buf: Buffer, elements: DicomElement[], tag: number): number | undefined {
  const el = findElement(elements, tag);
  return el && el.valueLength >= 2 ? buf.readUInt16LE(el.valueOffset) : undefined;
}

function required(value: number | undefined, what: string): number {
  if (value === undefined) throw new TranscodeError(`cannot decode pixel data: ${what} is missing`);
  return value;
}

/** Reads the Image Pixel module of an explicit VR little endian data set (every encapsulated syntax is one). */
export function readImagePixelModule(buf: Buffer, elements: DicomElement[]): ImagePixelModule {
  const frames = Number.parseInt(stringValue(buf, findElement(elements, Tag.NumberOfFrames)) ?? '1', 10);
  return {
    rows: required(usValue(buf, elements, Tag.Rows), 'Rows (0028,0010)'),
    columns: required(usValue(buf, elements, Tag.Columns), 'Columns (0028,0011)'),
    bitsAllocated: required(usValue(buf, elements, Tag.BitsAllocated), 'Bits Allocated (0028,0100)'),
    bitsStored:
      usValue(buf, elements, Tag.BitsStored) ?? required(usValue(buf, elements, Tag.BitsAllocated), 'Bits Allocated'),
    pixelRepresentation: usValue(buf, elements, Tag.PixelRepresentation) ?? 0,
    samplesPerPixel: usValue(buf, elements, Tag.SamplesPerPixel) ?? 1,
    photometricInterpretation: stringValue(buf, findElement(elements, Tag.PhotometricInterpretation)) ?? 'MONOCHROME2',
    planarConfiguration: usValue(buf, elements, Tag.PlanarConfiguration) ?? 0,
    numberOfFrames: Number.isInteger(frames) && frames > 0 ? frames : 1,
  };
}

/** Bytes of one decoded frame (PS3.5 8.1.1; bit-packed 1-bit data is never encapsulated by codecs we decode). */
export function frameByteLength(m: ImagePixelModule): number {
  return m.rows * m.columns * m.samplesPerPixel * Math.ceil(m.bitsAllocated / 8);
}

/** A fragment opens a new frame when it starts with a codestream marker (JPEG SOI, J2K SOC, JP2 signature box). */
function startsFrame(fragment: Buffer): boolean {
  if (fragment.length >= 2 && fragment[0] === 0xff && (fragment[1] === 0xd8 || fragment[1] === 0x4f)) return true;
  return fragment.length >= 8 && fragment.readUInt32BE(0) === 12 && fragment.toString('latin1', 4, 8) === 'jP  ';
}

function offsetsFromTable(table: Buffer, bytesPerOffset: 4 | 8): number[] {
  const out: number[] = [];
  for (let o = 0; o + bytesPerOffset <= table.length; o += bytesPerOffset) {
    out.push(bytesPerOffset === 4 ? table.readUInt32LE(o) : Number(table.readBigUInt64LE(o)));
  }
  return out;
}

/**
 * Splits encapsulated pixel data into frames (PS3.5 A.4): by the Extended or Basic Offset Table
 * when present, one fragment per frame when the counts agree, else by codestream start markers.
 */
export function splitFrames(buf: Buffer, elements: DicomElement[], pixel: DicomElement, frameCount: number): Buffer[] {
  const [offsetTable, ...fragments] = pixel.fragments ?? [];
  if (!offsetTable || fragments.length === 0) throw new TranscodeError('encapsulated pixel data holds no fragments');
  const bytes = fragments.map((f) => buf.subarray(f.valueOffset, f.valueOffset + f.valueLength));
  if (frameCount === 1) return [Buffer.concat(bytes)];
  const extended = findElement(elements, Tag.ExtendedOffsetTable);
  let offsets: number[] = [];
  if (extended && extended.valueLength > 0)
    offsets = offsetsFromTable(buf.subarray(extended.valueOffset, extended.valueOffset + extended.valueLength), 8);
  else if (offsetTable.valueLength > 0)
    offsets = offsetsFromTable(
      buf.subarray(offsetTable.valueOffset, offsetTable.valueOffset + offsetTable.valueLength),
      4,
    );
  let frames: Buffer[][] = [];
  if (offsets.length === frameCount) {
    // offsets count from the first byte of the first fragment's item tag
    let position = 0;
    for (const [i, fragment] of bytes.entries()) {
      let frame = 0;
      while (frame + 1 < offsets.length && (offsets[frame + 1] ?? Infinity) <= position) frame++;
      (frames[frame] ??= []).push(fragment);
      position += 8 + (fragments[i]?.valueLength ?? 0);
    }
  } else if (bytes.length === frameCount) {
    frames = bytes.map((b) => [b]);
  } else {
    for (const fragment of bytes) {
      const last = frames[frames.length - 1];
      if (!last || startsFrame(fragment)) frames.push([fragment]);
      else last.push(fragment);
    }
  }
  if (frames.length !== frameCount || frames.some((f) => f === undefined)) {
    throw new TranscodeError(
      `cannot split encapsulated pixel data into ${frameCount} frames (${bytes.length} fragments, found ${frames.length} frames)`,
    );
  }
  return frames.map((f) => Buffer.concat(f));
}
