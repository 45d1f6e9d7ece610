import { deflateRawSync } from 'node:zlib';
import { ByteSyntax, DicomElement, findElement } from '../dataset-model';
import { parseDataset } from '../dataset-parser';
import { encodeElement } from '../element-writer';
import { buildPart10Header, datasetBytes, readPart10Layout } from '../part10';
import { syntaxOf } from '../transfer-syntax';
import { Replacements, rewriteDataset } from './dataset-rewrite';
import {
  ImagePixelModule,
  Tag,
  TranscodeError,
  frameByteLength,
  readImagePixelModule,
  splitFrames,
  stringValue,
} from './pixel-frames';
import { PixelDecoder, transferSyntaxFacts } from './transfer-syntax-catalog';
import { conversionBlocker } from './transcode-plan';

/** Syntaxes whose code streams may be reversible: a sender's explicit Lossy Image Compression "00" is believed. */
const MAY_BE_REVERSIBLE = new Set(['1.2.840.10008.1.2.4.91', '1.2.840.10008.1.2.4.93', '1.2.840.10008.1.2.4.203']);

/** Decoded pixel data is held in memory once; past this an object is not converted (a hostile header could ask for far more). */
const MAX_DECODED_BYTES = 1 << 30;

export interface DecodedFrame {
  pixels: Uint8Array;
  photometricInterpretation: string;
  planarConfiguration: number;
}

/** Decodes one frame; supplied by the worker, which owns the WebAssembly codecs. */
export type FrameDecoder = (
  decoder: Exclude<PixelDecoder, 'none' | 'inflate'>,
  frame: Buffer,
  module: ImagePixelModule,
) => DecodedFrame;

export interface TranscodeOutcome {
  part10: Buffer;
  /** Offset of the data set in `part10`: what goes on the wire. */
  datasetOffset: number;
  sourceTransferSyntaxUid: string;
  targetTransferSyntaxUid: string;
  /** What changed besides the syntax, for the delivery record (e.g. "YBR_FULL_422 -> RGB"). */
  changes: string[];
}

function us(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(value, 0);
  return b;
}

function cs(value: string): Buffer {
  const b = Buffer.from(value, 'latin1');
  return b.length % 2 ? Buffer.concat([b, Buffer.from(' ')]) : b;
}

function hasNestedFragments(elements: DicomElement[]): boolean {
  return elements.some((el) =>
    (el.items ?? []).some(
      (item) => item.elements.some((inner) => inner.fragments) || hasNestedFragments(item.elements),
    ),
  );
}

/** Decodes every frame and returns the replaced or inserted elements, encoded in `target`. */
function decodePixelData(
  ds: Buffer,
  elements: DicomElement[],
  sourceUid: string,
  target: ByteSyntax,
  decodeFrame: FrameDecoder,
  changes: string[],
): Replacements {
  const facts = transferSyntaxFacts(sourceUid);
  const decoder = facts.decoder;
  if (decoder === null || decoder === 'none' || decoder === 'inflate')
    throw new TranscodeError(`${facts.name} has no pixel decoder`);
  const pixel = findElement(elements, Tag.PixelData);
  const out: Replacements = new Map();
  if (!pixel?.fragments) {
    if (pixel) throw new TranscodeError(`pixel data of a ${facts.name} object is not encapsulated`);
    return out; // no image (e.g. a report sent in a compressed syntax): only the syntax changes
  }
  if (hasNestedFragments(elements))
    throw new TranscodeError('nested encapsulated pixel data (e.g. an icon image) cannot be decoded');
  const module = readImagePixelModule(ds, elements);
  if (![8, 16, 32].includes(module.bitsAllocated))
    throw new TranscodeError(`cannot decode pixel data with Bits Allocated ${module.bitsAllocated}`);
  const expected = frameByteLength(module);
  if (expected === 0 || expected * module.numberOfFrames > MAX_DECODED_BYTES) {
    throw new TranscodeError(
      `decoded pixel data would be ${expected * module.numberOfFrames} bytes (${module.numberOfFrames} frames of ${module.rows}x${module.columns}); the limit is ${MAX_DECODED_BYTES}`,
    );
  }
  const decoded = splitFrames(ds, elements, pixel, module.numberOfFrames).map((frame, i) => {
    let result: DecodedFrame;
    try {
      result = decodeFrame(decoder, frame, module);
    } catch (err) {
      throw new TranscodeError(
        `frame ${i + 1} of ${module.numberOfFrames} cannot be decoded as ${facts.name}: ${(err as Error).message}`,
      );
    }
    if (result.pixels.length < expected) {
      throw new TranscodeError(
        `frame ${i + 1} decoded to ${result.pixels.length} bytes, expected ${expected} (${module.rows}x${module.columns}x${module.samplesPerPixel}, ${module.bitsAllocated} bits)`,
      );
    }
    return result;
  });
  const first = decoded[0];
  let pixels = Buffer.concat(decoded.map((d) => Buffer.from(d.pixels.buffer, d.pixels.byteOffset, expected)));
  if (pixels.length % 2) pixels = Buffer.concat([pixels, Buffer.alloc(1)]);
  out.set(Tag.PixelData, encodeElement(Tag.PixelData, module.bitsAllocated > 8 ? 'OW' : 'OB', pixels, target));
  for (const tag of [
    Tag.ExtendedOffsetTable,
    Tag.ExtendedOffsetTableLengths,
    Tag.EncapsulatedPixelDataValueTotalLength,
  ]) {
    if (findElement(elements, tag)) out.set(tag, null);
  }
  if (
    first &&
    first.photometricInterpretation &&
    first.photometricInterpretation !== module.photometricInterpretation
  ) {
    out.set(
      Tag.PhotometricInterpretation,
      encodeElement(Tag.PhotometricInterpretation, 'CS', cs(first.photometricInterpretation), target),
    );
    changes.push(`${module.photometricInterpretation} -> ${first.photometricInterpretation}`);
  }
  if (
    module.samplesPerPixel > 1 &&
    first &&
    (first.planarConfiguration !== module.planarConfiguration || !findElement(elements, Tag.PlanarConfiguration))
  ) {
    out.set(
      Tag.PlanarConfiguration,
      encodeElement(Tag.PlanarConfiguration, 'US', us(first.planarConfiguration), target),
    );
  }
  const declaredLossless = stringValue(ds, findElement(elements, Tag.LossyImageCompression)) === '00';
  if (facts.lossy && !(MAY_BE_REVERSIBLE.has(sourceUid) && declaredLossless)) {
    // PS3.3 C.7.6.1.1.5: once lossy, always marked lossy, whatever syntax carries it later
    out.set(Tag.LossyImageCompression, encodeElement(Tag.LossyImageCompression, 'CS', cs('01'), target));
  }
  return out;
}

/** Image Pixel attributes whose VR is "US or SS" (PS3.6): signed when Pixel Representation is 1 (PS3.5 A.1 c). */
const US_OR_SS = new Set([0x00280106, 0x00280107, 0x00280108, 0x00280109, 0x00280110, 0x00280111, 0x00280120]);

/** From implicit VR, the dictionary says US for "US or SS"; the Pixel Representation decides. */
function usOrSsVr(ds: Buffer, elements: DicomElement[], from: ByteSyntax): (el: DicomElement) => string {
  const representation = findElement(elements, Tag.PixelRepresentation);
  const signed =
    !from.explicitVr &&
    representation !== undefined &&
    representation.valueLength >= 2 &&
    ds.readUInt16LE(representation.valueOffset) === 1;
  return (el) => (signed && US_OR_SS.has(el.tag) ? 'SS' : el.vr);
}

/**
 * Converts a Part 10 file to `targetUid` (a native syntax). Everything outside the pixel module
 * keeps its bytes; only headers change when the VR encoding changes. CPU-bound: run it in the
 * transcoding worker, never on the event loop that serves associations.
 */
export function transcodePart10(input: Buffer, targetUid: string, decodeFrame: FrameDecoder): TranscodeOutcome {
  const layout = readPart10Layout(input);
  const sourceUid = layout.transferSyntaxUid;
  const blocker = conversionBlocker(sourceUid, targetUid);
  if (blocker) throw new TranscodeError(blocker);
  const source = syntaxOf(sourceUid);
  const target = syntaxOf(targetUid);
  if (!source.littleEndian || !target.littleEndian) throw new TranscodeError('big endian data sets are not converted');
  const ds = datasetBytes(input, layout);
  const from: ByteSyntax = { littleEndian: true, explicitVr: source.explicitVr };
  const to: ByteSyntax = { littleEndian: true, explicitVr: target.explicitVr };
  let elements: DicomElement[];
  try {
    elements = parseDataset(ds, from).elements;
  } catch (err) {
    throw new TranscodeError(`the data set cannot be parsed: ${(err as Error).message}`);
  }
  const changes: string[] = [];
  const replacements = transferSyntaxFacts(sourceUid).encapsulated
    ? decodePixelData(ds, elements, sourceUid, to, decodeFrame, changes)
    : new Map();
  let dataset = rewriteDataset(ds, elements, from, to, replacements, usOrSsVr(ds, elements, from));
  if (target.deflated) dataset = deflateRawSync(dataset);
  const sopClassUid =
    layout.meta.mediaStorageSopClassUid || stringValue(ds, findElement(elements, Tag.SopClassUid)) || '';
  const sopInstanceUid =
    layout.meta.mediaStorageSopInstanceUid || stringValue(ds, findElement(elements, Tag.SopInstanceUid)) || '';
  const header = buildPart10Header({
    sopClassUid,
    sopInstanceUid,
    transferSyntaxUid: targetUid,
    sourceAeTitle: layout.meta.sourceApplicationEntityTitle,
  });
  return {
    part10: Buffer.concat([header, dataset]),
    datasetOffset: header.length,
    sourceTransferSyntaxUid: sourceUid,
    targetTransferSyntaxUid: targetUid,
    changes,
  };
}
