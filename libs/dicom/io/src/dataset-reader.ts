import { dictionaryVr, formatTag } from './dictionary';
import {
  ByteSyntax,
  DicomParseError,
  ITEM_TAG,
  SEQUENCE_DELIMITATION_TAG,
  UNDEFINED_LENGTH,
  hasLongLength,
} from './dataset-model';

/** The byte reads of the data set parser: a bounds-checked reader, legacy sequence headers, encapsulated pixel data fragments. */

/** Reads tags and lengths from a data set's bytes, and collects the parse's warnings. */
export class Reader {
  readonly warnings: string[] = [];
  constructor(readonly buf: Buffer) {}

  u16(offset: number, le: boolean): number {
    return le ? this.buf.readUInt16LE(offset) : this.buf.readUInt16BE(offset);
  }

  u32(offset: number, le: boolean): number {
    return le ? this.buf.readUInt32LE(offset) : this.buf.readUInt32BE(offset);
  }

  tag(offset: number, le: boolean): number {
    return ((this.u16(offset, le) << 16) | this.u16(offset + 2, le)) >>> 0;
  }

  need(offset: number, bytes: number, limit: number, what: string): void {
    if (offset + bytes > limit) {
      throw new DicomParseError(
        `truncated data: ${what} at offset ${offset} needs ${bytes} bytes, ${Math.max(0, limit - offset)} left`,
        offset,
      );
    }
  }
}

/** Where a sequence written with another VR may hold its items: the value's offset and the length in its header. */
export interface LegacyForm {
  valueOffset: number;
  length: number;
}

/**
 * The header forms under which an element with short-length VR `vr` at `offset` may be a legacy
 * sequence (its value starts with an item or a sequence delimiter, and the dictionary says SQ),
 * or undefined. Both forms seen are tried: a 4-byte length after two reserved bytes, and a 2-byte length.
 */
export function legacySequenceForms(
  reader: Reader,
  le: boolean,
  tag: number,
  vr: string,
  offset: number,
  limit: number,
): LegacyForm[] | undefined {
  if (hasLongLength(vr)) return undefined;
  // this runs for every short-VR element of every parse: nothing is allocated unless it is a candidate
  const long = offset + 12 <= limit && reader.u16(offset + 6, le) === 0 && startsItems(reader, le, offset + 12, limit);
  const short = offset + 8 <= limit && startsItems(reader, le, offset + 8, limit);
  // the cheap byte test first: the dictionary is consulted only when the value looks like items
  if ((!long && !short) || dictionaryVr(tag) !== 'SQ') return undefined;
  const forms: LegacyForm[] = [];
  if (long) forms.push({ valueOffset: offset + 12, length: reader.u32(offset + 8, le) });
  if (short) forms.push({ valueOffset: offset + 8, length: reader.u16(offset + 6, le) });
  return forms;
}

/** Whether the bytes at `at` begin an item or a sequence delimiter. */
function startsItems(reader: Reader, le: boolean, at: number, limit: number): boolean {
  if (at + 8 > limit) return false;
  const t = reader.tag(at, le);
  return t === ITEM_TAG || t === SEQUENCE_DELIMITATION_TAG;
}

/** The fragments of encapsulated pixel data from `start` through its sequence delimiter (which must come before `limit`). */
export function parseFragments(reader: Reader, syntax: ByteSyntax, start: number, limit: number) {
  const fragments: { valueOffset: number; valueLength: number }[] = [];
  const le = syntax.littleEndian;
  let offset = start;
  while (offset + 8 <= limit) {
    const tag = reader.tag(offset, le);
    const length = reader.u32(offset + 4, le);
    if (tag === SEQUENCE_DELIMITATION_TAG) return { fragments, contentEnd: offset, end: offset + 8 };
    if (tag !== ITEM_TAG)
      throw new DicomParseError(`expected a pixel data fragment at offset ${offset}, found ${formatTag(tag)}`, offset);
    if (length === UNDEFINED_LENGTH || offset + 8 + length > limit) {
      throw new DicomParseError(
        `pixel data fragment at offset ${offset} declares length ${length}, beyond the end of data at ${limit}`,
        offset,
      );
    }
    fragments.push({ valueOffset: offset + 8, valueLength: length });
    offset += 8 + length;
  }
  throw new DicomParseError(
    `truncated data: encapsulated pixel data has no sequence delimiter before offset ${limit}`,
    limit,
  );
}

/** `s` with every character outside printable ASCII as '?' (for messages about bytes we could not read). */
export function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}
