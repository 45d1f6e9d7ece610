/**
 * What the byte-level parser (dataset-parser.ts) finds: where every element and sequence item
 * starts and ends in the buffer, the delimiter tags, and the VR rules of the element headers.
 */

export const ITEM_TAG = 0xfffee000;
export const ITEM_DELIMITATION_TAG = 0xfffee00d;
export const SEQUENCE_DELIMITATION_TAG = 0xfffee0dd;
export const PIXEL_DATA_TAG = 0x7fe00010;
/** The length field of an element, item or sequence whose end is marked by a delimiter. */
export const UNDEFINED_LENGTH = 0xffffffff;

/** VRs whose explicit-VR header has two reserved bytes and a 32-bit length. */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const KNOWN_VRS = new Set([
  'AE',
  'AS',
  'AT',
  'CS',
  'DA',
  'DS',
  'DT',
  'FD',
  'FL',
  'IS',
  'LO',
  'LT',
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'PN',
  'SH',
  'SL',
  'SQ',
  'SS',
  'ST',
  'SV',
  'TM',
  'UC',
  'UI',
  'UL',
  'UN',
  'UR',
  'US',
  'UT',
  'UV',
]);

/** Whether an explicit-VR header of this VR has the long form (reserved bytes, 32-bit length). */
export function hasLongLength(vr: string): boolean {
  return LONG_VRS.has(vr);
}

/** Whether `vr` is a value representation of PS3.5 6.2. */
export function isKnownVr(vr: string): boolean {
  return KNOWN_VRS.has(vr);
}

/** The known VRs by their two bytes (first byte high): the parser reads a VR without making a string. */
const KNOWN_VR_BY_CODE = new Map([...KNOWN_VRS].map((vr) => [(vr.charCodeAt(0) << 8) | vr.charCodeAt(1), vr]));

/** The known VR whose two bytes are at `offset` of `buf`, or undefined (not a VR of PS3.5 6.2). */
export function knownVrAt(buf: Buffer, offset: number): string | undefined {
  return KNOWN_VR_BY_CODE.get(buf.readUInt16BE(offset));
}

/** Byte order and VR form of an encoding (what a transfer syntax means for the bytes). */
export interface ByteSyntax {
  littleEndian: boolean;
  explicitVr: boolean;
}

/** Where one sequence item lies in the buffer, and its elements. */
export interface DicomItem {
  /** Offset of the item tag. */
  headerOffset: number;
  valueOffset: number;
  /** Length of the item's content (excluding any delimiter). */
  valueLength: number;
  undefinedLength: boolean;
  /** Offset just past the item, delimiter included. */
  end: number;
  elements: DicomElement[];
}

/** Where one element lies in the buffer (header, value, end), with its items or fragments. */
export interface DicomElement {
  tag: number;
  vr: string;
  /** The syntax this element is encoded in (UN sequences switch to implicit little endian). */
  syntax: ByteSyntax;
  headerOffset: number;
  valueOffset: number;
  /** Length of the value (for undefined lengths: the content, without the delimiter). */
  valueLength: number;
  undefinedLength: boolean;
  /** Offset just past the element, delimiter included. */
  end: number;
  /** Items of a sequence, or of a UN element with undefined length (parsed as implicit LE). */
  items?: DicomItem[];
  /** Fragments of encapsulated pixel data (offset table first). */
  fragments?: { valueOffset: number; valueLength: number }[];
  /** The VR written in the header when it is not SQ but the value is a sequence (legacy encoders). */
  legacyVr?: string;
}

/** Bytes that are not a valid data set, with the offset where that shows. */
export class DicomParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'DicomParseError';
  }
}

/** How to parse: the encoding, where to stop, how deep sequences may nest. */
export interface ParseOptions extends ByteSyntax {
  /** Stop before the first top-level element with this tag or a greater one (e.g. pixel data). */
  untilTag?: number;
  /** Maximum nesting depth of sequences (a guard against hostile input). */
  maxDepth?: number;
}

/** The top-level elements found, and where and why parsing stopped. */
export interface ParseResult {
  elements: DicomElement[];
  /** Offset where parsing stopped: the end of the buffer, or the element at untilTag. */
  end: number;
  /** True when parsing stopped at untilTag before the end of the buffer. */
  stoppedEarly: boolean;
  /** Oddities tolerated on the way (e.g. a legacy VR on a sequence), for the caller's log. */
  warnings: string[];
}

/** Finds a top-level element by tag (elements are in ascending tag order in valid data). */
export function findElement(elements: DicomElement[], tag: number): DicomElement | undefined {
  for (const el of elements) {
    if (el.tag === tag) return el;
    if (el.tag > tag) return undefined;
  }
  return undefined;
}
