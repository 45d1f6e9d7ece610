/**
 * What the router knows about each transfer syntax it may be asked to send or convert: whether it
 * is lossy, whether its pixel data is encapsulated, and which decoder (if any) can undo it.
 */

export type PixelDecoder = 'none' | 'inflate' | 'rle' | 'jpeg' | 'jpeg-ls' | 'jpeg2000' | 'htj2k';

export interface TransferSyntaxFacts {
  uid: string;
  name: string;
  lossy: boolean;
  encapsulated: boolean;
  /** How to get native pixel data (and an explicit VR little endian data set) back; null = we cannot. */
  decoder: PixelDecoder | null;
}

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';
export const EXPLICIT_VR_BIG_ENDIAN = '1.2.840.10008.1.2.2';

function ts(
  uid: string,
  name: string,
  lossy: boolean,
  encapsulated: boolean,
  decoder: PixelDecoder | null,
): TransferSyntaxFacts {
  return { uid, name, lossy, encapsulated, decoder };
}

const ALL: TransferSyntaxFacts[] = [
  ts(IMPLICIT_VR_LITTLE_ENDIAN, 'Implicit VR Little Endian', false, false, 'none'),
  ts(EXPLICIT_VR_LITTLE_ENDIAN, 'Explicit VR Little Endian', false, false, 'none'),
  ts(DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, 'Deflated Explicit VR Little Endian', false, false, 'inflate'),
  // values would need byte swapping per VR; a retired syntax that no peer needs us to produce
  ts(EXPLICIT_VR_BIG_ENDIAN, 'Explicit VR Big Endian (retired)', false, false, null),
  ts('1.2.840.10008.1.2.4.50', 'JPEG Baseline (Process 1)', true, true, 'jpeg'),
  ts('1.2.840.10008.1.2.4.51', 'JPEG Extended (Process 2 & 4)', true, true, 'jpeg'),
  ts('1.2.840.10008.1.2.4.57', 'JPEG Lossless (Process 14)', false, true, 'jpeg'),
  ts('1.2.840.10008.1.2.4.70', 'JPEG Lossless SV1 (Process 14, first-order prediction)', false, true, 'jpeg'),
  ts('1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless', false, true, 'jpeg-ls'),
  ts('1.2.840.10008.1.2.4.81', 'JPEG-LS Near-Lossless', true, true, 'jpeg-ls'),
  ts('1.2.840.10008.1.2.4.90', 'JPEG 2000 Lossless Only', false, true, 'jpeg2000'),
  ts('1.2.840.10008.1.2.4.91', 'JPEG 2000', true, true, 'jpeg2000'),
  ts('1.2.840.10008.1.2.4.92', 'JPEG 2000 Part 2 Multi-component Lossless Only', false, true, null),
  ts('1.2.840.10008.1.2.4.93', 'JPEG 2000 Part 2 Multi-component', true, true, null),
  ts('1.2.840.10008.1.2.4.110', 'JPEG XL Lossless', false, true, null),
  ts('1.2.840.10008.1.2.4.111', 'JPEG XL JPEG Recompression', true, true, null),
  ts('1.2.840.10008.1.2.4.112', 'JPEG XL', true, true, null),
  ts('1.2.840.10008.1.2.4.201', 'High-Throughput JPEG 2000 Lossless Only', false, true, 'htj2k'),
  ts('1.2.840.10008.1.2.4.202', 'High-Throughput JPEG 2000 with RPCL Options Lossless Only', false, true, 'htj2k'),
  ts('1.2.840.10008.1.2.4.203', 'High-Throughput JPEG 2000', true, true, 'htj2k'),
  ts('1.2.840.10008.1.2.5', 'RLE Lossless', false, true, 'rle'),
  ts('1.2.840.10008.1.2.8.1', 'Deflated Image Frame Compression', false, true, null),
  ts('1.2.840.10008.1.2.4.100', 'MPEG2 Main Profile / Main Level', true, true, null),
  ts('1.2.840.10008.1.2.4.101', 'MPEG2 Main Profile / High Level', true, true, null),
  ts('1.2.840.10008.1.2.4.102', 'MPEG-4 AVC/H.264 High Profile / Level 4.1', true, true, null),
  ts('1.2.840.10008.1.2.4.103', 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1', true, true, null),
  ts('1.2.840.10008.1.2.4.104', 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video', true, true, null),
  ts('1.2.840.10008.1.2.4.105', 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video', true, true, null),
  ts('1.2.840.10008.1.2.4.106', 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2', true, true, null),
  ts('1.2.840.10008.1.2.4.107', 'HEVC/H.265 Main Profile / Level 5.1', true, true, null),
  ts('1.2.840.10008.1.2.4.108', 'HEVC/H.265 Main 10 Profile / Level 5.1', true, true, null),
];

const BY_UID = new Map(ALL.map((f) => [f.uid, f]));

/** Facts about a transfer syntax; unknown (private or future) UIDs are treated as opaque encapsulated data. */
export function transferSyntaxFacts(uid: string): TransferSyntaxFacts {
  return (
    BY_UID.get(uid) ?? { uid, name: `unknown transfer syntax ${uid}`, lossy: false, encapsulated: true, decoder: null }
  );
}

export function isKnownTransferSyntax(uid: string): boolean {
  return BY_UID.has(uid);
}

export function knownTransferSyntaxUids(): string[] {
  return ALL.map((f) => f.uid);
}

/**
 * Syntaxes we can produce from any decodable source: the native ones. Re-encoding pixel data
 * into another compression is not offered, so a lossy source can never be made lossy twice.
 */
export const CONVERSION_TARGETS: readonly string[] = [
  EXPLICIT_VR_LITTLE_ENDIAN,
  IMPLICIT_VR_LITTLE_ENDIAN,
  DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
];
