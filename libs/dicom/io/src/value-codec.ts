import { TextDecoder } from 'node:util';
import { encodingForCharset, isCharsetVr } from './values';
import { isIso2022 } from './charset-iso2022';
import { encodeIso2022 } from './charset-iso2022-encoder';
import { padToEven } from './element-writer';

/**
 * Checks and encodes element values from their string form, per PS3.5 Table 6.2-1: maximum
 * lengths, character repertoires and binary layouts. Multiple values are given as separate
 * strings and joined with a backslash.
 */

interface TextVrRule {
  /** Maximum length of one value (bytes for ASCII VRs, characters for charset VRs). */
  max?: number;
  pattern?: { test: (s: string) => boolean };
  what?: string;
}

/** A pattern-like test built from a character predicate (control characters in regex literals are error-prone). */
function charsWhere(ok: (code: number, ch: string) => boolean): { test: (s: string) => boolean } {
  return { test: (s) => [...s].every((ch) => ok(ch.codePointAt(0) ?? 0, ch)) };
}
const ESC = 0x1b;
/** No backslash (the value separator) and no control character other than ESC (ISO 2022). */
const NO_CONTROL = charsWhere((c, ch) => ch !== '\\' && (c >= 0x20 || c === ESC));
/** Free text: also CR, LF, FF and TAB. */
const TEXT_CONTROL_OK = charsWhere(
  (c) => c >= 0x20 || c === ESC || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d,
);
const isAsciiOnly = (s: string): boolean => [...s].every((ch) => (ch.codePointAt(0) ?? 0) < 0x80);
const isLatin1Only = (s: string): boolean => [...s].every((ch) => (ch.codePointAt(0) ?? 0) <= 0xff);

const TEXT_RULES: Record<string, TextVrRule> = {
  AE: { max: 16, pattern: /^[\x20-\x5b\x5d-\x7e]*$/, what: 'ASCII without backslash or control characters' },
  AS: { max: 4, pattern: /^(\d{3}[DWMY])?$/, what: 'nnnD, nnnW, nnnM or nnnY' },
  CS: { max: 16, pattern: /^[A-Z0-9 _]*$/, what: 'upper-case letters, digits, space and underscore' },
  DA: { max: 8, pattern: /^(\d{8})?$/, what: 'a date YYYYMMDD' },
  DS: { max: 16, pattern: /^ *([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)? *$/, what: 'a decimal number' },
  DT: {
    max: 26,
    pattern: /^(\d{4}(\d{2}(\d{2}(\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?)?)?)?([+-]\d{4})?)?$/,
    what: 'a date-time YYYYMMDDHHMMSS.FFFFFF&ZZXX',
  },
  IS: { max: 12, pattern: /^ *([+-]?\d+)? *$/, what: 'an integer' },
  TM: { max: 14, pattern: /^(\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?)?$/, what: 'a time HHMMSS.FFFFFF' },
  UI: { max: 64, pattern: /^((0|[1-9]\d*)(\.(0|[1-9]\d*))*)?$/, what: 'a UID (digits and dots, no leading zeros)' },
  LO: { max: 64, pattern: NO_CONTROL, what: 'text without backslash or control characters' },
  SH: { max: 16, pattern: NO_CONTROL, what: 'text without backslash or control characters' },
  PN: { max: 64, pattern: NO_CONTROL, what: 'a person name without backslash or control characters' },
  UC: { pattern: NO_CONTROL, what: 'text without backslash or control characters' },
  LT: { max: 10240, pattern: TEXT_CONTROL_OK, what: 'text' },
  ST: { max: 1024, pattern: TEXT_CONTROL_OK, what: 'text' },
  UT: { pattern: TEXT_CONTROL_OK, what: 'text' },
  UR: { pattern: /^[\x21-\x7e]*$/, what: 'a URI without spaces' },
};

const SINGLE_VALUED = new Set(['LT', 'ST', 'UT', 'UR']);

interface BinaryVrRule {
  size: number;
  check: (v: string) => boolean;
  write: (buf: Buffer, offset: number, v: string, le: boolean) => void;
}

function intRule(size: number, min: number, max: number, write: BinaryVrRule['write']): BinaryVrRule {
  return { size, check: (v) => /^[+-]?\d+$/.test(v.trim()) && Number(v) >= min && Number(v) <= max, write };
}

const isFiniteNumber = (v: string): boolean => v.trim() !== '' && Number.isFinite(Number(v));
const bigIn = (v: string, min: bigint, max: bigint): boolean =>
  /^[+-]?\d+$/.test(v.trim()) && BigInt(v.trim()) >= min && BigInt(v.trim()) <= max;

const BINARY_RULES: Record<string, BinaryVrRule> = {
  US: intRule(2, 0, 0xffff, (b, o, v, le) => (le ? b.writeUInt16LE(Number(v), o) : b.writeUInt16BE(Number(v), o))),
  SS: intRule(2, -0x8000, 0x7fff, (b, o, v, le) => (le ? b.writeInt16LE(Number(v), o) : b.writeInt16BE(Number(v), o))),
  UL: intRule(4, 0, 0xffffffff, (b, o, v, le) => (le ? b.writeUInt32LE(Number(v), o) : b.writeUInt32BE(Number(v), o))),
  SL: intRule(4, -0x80000000, 0x7fffffff, (b, o, v, le) =>
    le ? b.writeInt32LE(Number(v), o) : b.writeInt32BE(Number(v), o),
  ),
  FL: {
    size: 4,
    check: isFiniteNumber,
    write: (b, o, v, le) => (le ? b.writeFloatLE(Number(v), o) : b.writeFloatBE(Number(v), o)),
  },
  FD: {
    size: 8,
    check: isFiniteNumber,
    write: (b, o, v, le) => (le ? b.writeDoubleLE(Number(v), o) : b.writeDoubleBE(Number(v), o)),
  },
  SV: {
    size: 8,
    check: (v) => bigIn(v, -(2n ** 63n), 2n ** 63n - 1n),
    write: (b, o, v, le) => (le ? b.writeBigInt64LE(BigInt(v.trim()), o) : b.writeBigInt64BE(BigInt(v.trim()), o)),
  },
  UV: {
    size: 8,
    check: (v) => bigIn(v, 0n, 2n ** 64n - 1n),
    write: (b, o, v, le) => (le ? b.writeBigUInt64LE(BigInt(v.trim()), o) : b.writeBigUInt64BE(BigInt(v.trim()), o)),
  },
  AT: {
    size: 4,
    check: (v) => /^\(?[0-9A-Fa-f]{4},?[0-9A-Fa-f]{4}\)?$/.test(v.trim()),
    write: (b, o, v, le) => {
      const hex = v.replace(/[(),\s]/g, '');
      const g = parseInt(hex.slice(0, 4), 16);
      const e = parseInt(hex.slice(4, 8), 16);
      if (le) {
        b.writeUInt16LE(g, o);
        b.writeUInt16LE(e, o + 2);
      } else {
        b.writeUInt16BE(g, o);
        b.writeUInt16BE(e, o + 2);
      }
    },
  },
};

/** VRs that cannot be set from text (bulk data and sequences). */
export function isSettableVr(vr: string): boolean {
  return vr in TEXT_RULES || vr in BINARY_RULES;
}

export function isKnownValueVr(vr: string): boolean {
  return isSettableVr(vr);
}

function validDate(v: string): boolean {
  if (v === '') return true;
  const y = Number(v.slice(0, 4));
  const m = Number(v.slice(4, 6));
  const d = Number(v.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Why these values do not fit the VR, or undefined when they do. */
export function checkValues(vr: string, values: string[]): string | undefined {
  if (SINGLE_VALUED.has(vr) && values.length > 1) return `VR ${vr} holds a single value`;
  const binary = BINARY_RULES[vr];
  for (const value of values) {
    if (binary) {
      if (!binary.check(value)) return `"${value}" is not a valid ${vr} value`;
      continue;
    }
    const rule = TEXT_RULES[vr];
    if (!rule) return `VR ${vr} cannot be set from text`;
    if (rule.pattern && !rule.pattern.test(value))
      return `"${truncate(value)}" is not valid for VR ${vr} (${rule.what})`;
    const length = isCharsetVr(vr) ? [...value].length : value.length;
    if (vr === 'PN') {
      const tooLong = value.split('=').find((group) => [...group].length > 64);
      if (tooLong !== undefined) return `a PN component group is longer than 64 characters`;
    } else if (rule.max !== undefined && length > rule.max) {
      return `"${truncate(value)}" is longer than ${rule.max} characters, the maximum of VR ${vr}`;
    }
    if (vr === 'DA' && !validDate(value)) return `"${value}" is not a calendar date`;
    if (vr === 'IS' && value.trim() !== '' && Math.abs(Number(value)) > 2 ** 31 - 1)
      return `"${value}" is out of the IS range`;
    if (!isCharsetVr(vr) && !isAsciiOnly(value)) return `"${truncate(value)}": VR ${vr} allows ASCII only`;
  }
  return undefined;
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}

const singleByteEncoders = new Map<string, Map<string, number>>();

/** Reverse table of a single-byte character set, built once from Node's decoder. */
function singleByteEncoder(label: string): Map<string, number> | undefined {
  let table = singleByteEncoders.get(label);
  if (table) return table;
  try {
    const decoder = new TextDecoder(label);
    table = new Map();
    for (let b = 0x80; b <= 0xff; b++) {
      const ch = decoder.decode(Uint8Array.of(b));
      if (ch !== '\ufffd') table.set(ch, b);
    }
    singleByteEncoders.set(label, table);
    return table;
  } catch {
    return undefined;
  }
}

const MULTI_BYTE = new Set(['gb18030', 'gbk', 'euc-kr', 'shift_jis', 'iso-2022-jp']);

/**
 * Bytes of text in the given character set, or undefined when that set cannot represent it here
 * (the caller then switches the data set to ISO_IR 192).
 */
export function encodeCharsetText(text: string, charsetTerms: string[]): Buffer | undefined {
  if (isAsciiOnly(text)) return Buffer.from(text, 'latin1');
  const significant = charsetTerms.map((t) => t.trim()).filter((t) => t !== '');
  if (significant.length === 0) return undefined; // the default repertoire is ASCII
  if (isIso2022(charsetTerms)) return encodeIso2022(text, charsetTerms);
  const label = encodingForCharset(charsetTerms);
  if (label === 'utf-8') return Buffer.from(text, 'utf8');
  if (label === 'latin1') return isLatin1Only(text) ? Buffer.from(text, 'latin1') : undefined;
  if (MULTI_BYTE.has(label)) return undefined;
  const table = singleByteEncoder(label);
  if (!table) return undefined;
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else {
      const b = table.get(ch);
      if (b === undefined) return undefined;
      out.push(b);
    }
  }
  return Buffer.from(out);
}

export interface EncodeContext {
  littleEndian: boolean;
  charsetTerms: string[];
}

/**
 * The padded value bytes of an element, or undefined when text cannot be represented in the
 * data set's character set. Values must have passed checkValues for the VR.
 */
export function encodeValues(vr: string, values: string[], ctx: EncodeContext): Buffer | undefined {
  const binary = BINARY_RULES[vr];
  if (binary) {
    const buf = Buffer.alloc(binary.size * values.length);
    values.forEach((v, i) => binary.write(buf, i * binary.size, v, ctx.littleEndian));
    return buf;
  }
  const text = values.join('\\');
  const bytes = isCharsetVr(vr) ? encodeCharsetText(text, ctx.charsetTerms) : Buffer.from(text, 'latin1');
  return bytes ? padToEven(vr, bytes) : undefined;
}
