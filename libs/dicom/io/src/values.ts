import { TextDecoder } from 'node:util';
import { decodeIso2022, isIso2022 } from './charset-iso2022';
import type { DicomElement } from './dataset-model';

/** DICOM defined terms of (0008,0005) mapped to WHATWG encoding labels Node's TextDecoder knows. */
const CHARSETS: Record<string, string> = {
  '': 'latin1',
  ISO_IR_6: 'latin1',
  'ISO_IR 6': 'latin1',
  'ISO 2022 IR 6': 'latin1',
  'ISO_IR 100': 'latin1',
  'ISO 2022 IR 100': 'latin1',
  'ISO_IR 101': 'iso-8859-2',
  'ISO 2022 IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO 2022 IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO 2022 IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO 2022 IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO 2022 IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO 2022 IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO 2022 IR 138': 'iso-8859-8',
  'ISO_IR 148': 'iso-8859-9',
  'ISO 2022 IR 148': 'iso-8859-9',
  'ISO_IR 166': 'tis-620',
  'ISO 2022 IR 166': 'tis-620',
  'ISO_IR 13': 'shift_jis',
  'ISO 2022 IR 13': 'shift_jis',
  'ISO 2022 IR 87': 'iso-2022-jp',
  'ISO 2022 IR 159': 'iso-2022-jp',
  'ISO 2022 IR 149': 'euc-kr',
  'ISO 2022 IR 58': 'gb18030',
  'ISO_IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

/** VRs whose values are text in the data set's character set (others are ASCII by definition). */
const CHARSET_VRS = new Set(['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);
const TEXT_VRS = new Set([
  'AE',
  'AS',
  'CS',
  'DA',
  'DS',
  'DT',
  'IS',
  'LO',
  'LT',
  'PN',
  'SH',
  'ST',
  'TM',
  'UC',
  'UI',
  'UR',
  'UT',
]);
/** VRs where leading spaces are significant and no backslash splits values. */
const SINGLE_VALUE_TEXT = new Set(['LT', 'ST', 'UT', 'UR']);

/** Whether values of this VR are encoded in the data set's character set. */
export function isCharsetVr(vr: string): boolean {
  return CHARSET_VRS.has(vr);
}

export function isTextVr(vr: string): boolean {
  return TEXT_VRS.has(vr);
}

/** Picks the decoder label for the (0008,0005) values of a data set (first term wins for ISO 2022 sets). */
export function encodingForCharset(terms: string[]): string {
  const significant = terms.map((t) => t.trim()).filter((t) => t !== '');
  const chosen = significant.find((t) => t !== 'ISO 2022 IR 6') ?? '';
  // a known non-standard spelling seen in the wild: "ISO-IR 100"
  const normalised = chosen.replace(/^ISO-IR[ _]?/, 'ISO_IR ');
  return CHARSETS[chosen] ?? CHARSETS[normalised] ?? 'latin1';
}

const decoders = new Map<string, TextDecoder>();

function decodeText(bytes: Buffer, encoding: string): string {
  if (encoding === 'latin1') return bytes.toString('latin1');
  try {
    let d = decoders.get(encoding);
    if (!d) {
      d = new TextDecoder(encoding);
      decoders.set(encoding, d);
    }
    return d.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** Whether bytes are plain ASCII (no charset decoding needed, the common case). */
function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] ?? 0) >= 0x80 || bytes[i] === 0x1b) return false;
  return true;
}

/**
 * Decodes text of a charset-dependent VR under the (0008,0005) values of its data set: ISO 2022
 * code extensions (escape sequences, e.g. IR 87/149/13) are honoured, other terms use their decoder.
 */
export function decodeDicomText(bytes: Buffer, charsetTerms: string[]): string {
  if (isAscii(bytes)) return bytes.toString('latin1');
  if (isIso2022(charsetTerms)) return decodeIso2022(bytes, charsetTerms);
  return decodeText(bytes, encodingForCharset(charsetTerms));
}

/**
 * Values of an element as strings: text VRs split on backslash and stripped of padding, binary
 * numeric VRs decoded to decimal strings, AT as GGGGEEEE. Sequences and bulk data give [].
 */
export function elementStrings(buf: Buffer, el: DicomElement, charsetTerms: string[] = []): string[] {
  if (el.undefinedLength || el.items || el.fragments) return [];
  const raw = buf.subarray(el.valueOffset, el.valueOffset + el.valueLength);
  if (TEXT_VRS.has(el.vr)) {
    const text = CHARSET_VRS.has(el.vr) ? decodeDicomText(raw, charsetTerms) : raw.toString('latin1');
    if (SINGLE_VALUE_TEXT.has(el.vr)) return [text.replace(/[\0 ]+$/, '')];
    if (text.length === 0) return [];
    return text.split('\\').map((v) => (el.vr === 'UI' ? v.replace(/[\0 ]+$/, '') : v.replace(/^ +|[\0 ]+$/g, '')));
  }
  return binaryNumbers(raw, el).map((n) =>
    el.vr === 'AT' ? n.toString(16).toUpperCase().padStart(8, '0') : String(n),
  );
}

function binaryNumbers(raw: Buffer, el: DicomElement): (number | bigint)[] {
  const le = el.syntax.littleEndian;
  const spec: Record<string, [number, (o: number) => number | bigint]> = {
    US: [2, (o) => (le ? raw.readUInt16LE(o) : raw.readUInt16BE(o))],
    SS: [2, (o) => (le ? raw.readInt16LE(o) : raw.readInt16BE(o))],
    UL: [4, (o) => (le ? raw.readUInt32LE(o) : raw.readUInt32BE(o))],
    SL: [4, (o) => (le ? raw.readInt32LE(o) : raw.readInt32BE(o))],
    FL: [4, (o) => (le ? raw.readFloatLE(o) : raw.readFloatBE(o))],
    FD: [8, (o) => (le ? raw.readDoubleLE(o) : raw.readDoubleBE(o))],
    SV: [8, (o) => (le ? raw.readBigInt64LE(o) : raw.readBigInt64BE(o))],
    UV: [8, (o) => (le ? raw.readBigUInt64LE(o) : raw.readBigUInt64BE(o))],
    AT: [
      4,
      (o) =>
        (((le ? raw.readUInt16LE(o) : raw.readUInt16BE(o)) << 16) |
          (le ? raw.readUInt16LE(o + 2) : raw.readUInt16BE(o + 2))) >>>
        0,
    ],
  };
  const entry = spec[el.vr];
  if (!entry) return [];
  const [size, read] = entry;
  const out: (number | bigint)[] = [];
  for (let o = 0; o + size <= raw.length; o += size) out.push(read(o));
  return out;
}
