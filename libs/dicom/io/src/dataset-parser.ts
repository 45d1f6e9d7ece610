import { dictionaryVr, formatTag } from './dictionary';
import {
  ByteSyntax,
  DicomElement,
  DicomItem,
  DicomParseError,
  ITEM_DELIMITATION_TAG,
  ITEM_TAG,
  PIXEL_DATA_TAG,
  ParseOptions,
  ParseResult,
  SEQUENCE_DELIMITATION_TAG,
  UNDEFINED_LENGTH,
  hasLongLength,
  knownVrAt,
} from './dataset-model';
import { LegacyForm, Reader, legacySequenceForms, parseFragments, printable } from './dataset-reader';

/**
 * A byte-level DICOM data set parser. It decodes no values: it records where every element
 * (and every sequence item) starts and ends, so that rules can read values lazily and morphing
 * can splice new bytes in while every untouched byte stays as received.
 */

const IMPLICIT_LE: ByteSyntax = { littleEndian: true, explicitVr: false };

/** Parses a data set (no preamble, no file meta) encoded in the given syntax. */
export function parseDataset(buf: Buffer, options: ParseOptions, start = 0, end = buf.length): ParseResult {
  const reader = new Reader(buf);
  const maxDepth = options.maxDepth ?? 64;
  const out: DicomElement[] = [];
  let offset = start;
  const syntax: ByteSyntax = { littleEndian: options.littleEndian, explicitVr: options.explicitVr };
  while (offset < end) {
    // trailing padding of a few zero bytes is tolerated, as dcmtk does
    if (end - offset < 8 && buf.subarray(offset, end).every((b) => b === 0))
      return { elements: out, end, stoppedEarly: false, warnings: reader.warnings };
    reader.need(offset, 4, end, 'element tag');
    const tag = reader.tag(offset, syntax.littleEndian);
    if (options.untilTag !== undefined && tag >= options.untilTag)
      return { elements: out, end: offset, stoppedEarly: true, warnings: reader.warnings };
    const el = parseElement(reader, syntax, offset, end, 0, maxDepth);
    out.push(el);
    offset = el.end;
  }
  return { elements: out, end: offset, stoppedEarly: false, warnings: reader.warnings };
}

function parseElements(
  reader: Reader,
  syntax: ByteSyntax,
  start: number,
  end: number,
  depth: number,
  maxDepth: number,
  stopAtItemDelimiter: boolean,
): { elements: DicomElement[]; end: number; contentEnd: number } {
  const out: DicomElement[] = [];
  let offset = start;
  while (offset < end) {
    reader.need(offset, 8, end, 'element header');
    const tag = reader.tag(offset, syntax.littleEndian);
    if (tag === ITEM_DELIMITATION_TAG) {
      if (!stopAtItemDelimiter) throw new DicomParseError(`unexpected item delimiter at offset ${offset}`, offset);
      return { elements: out, contentEnd: offset, end: offset + 8 };
    }
    const el = parseElement(reader, syntax, offset, end, depth, maxDepth);
    out.push(el);
    offset = el.end;
  }
  if (stopAtItemDelimiter)
    throw new DicomParseError(`truncated data: item of undefined length has no delimiter before offset ${end}`, end);
  return { elements: out, contentEnd: offset, end: offset };
}

function parseElement(
  reader: Reader,
  syntax: ByteSyntax,
  offset: number,
  limit: number,
  depth: number,
  maxDepth: number,
): DicomElement {
  const le = syntax.littleEndian;
  reader.need(offset, 8, limit, 'element header');
  const tag = reader.tag(offset, le);
  if (tag >>> 16 === 0xfffe) {
    throw new DicomParseError(`unexpected ${formatTag(tag)} at offset ${offset}`, offset);
  }
  let vr: string;
  let length: number;
  let valueOffset: number;
  if (syntax.explicitVr) {
    const known = knownVrAt(reader.buf, offset + 4);
    if (!known) {
      const bytes = reader.buf.toString('latin1', offset + 4, offset + 6);
      throw new DicomParseError(
        `element ${formatTag(tag)} at offset ${offset} has an invalid VR "${printable(bytes)}"`,
        offset,
      );
    }
    vr = known;
    const forms =
      vr !== 'SQ' && vr !== 'UN' && depth < maxDepth
        ? legacySequenceForms(reader, le, tag, vr, offset, limit)
        : undefined;
    const legacy = forms && legacySequence(reader, syntax, tag, vr, offset, limit, depth, maxDepth, forms);
    if (legacy) return legacy;
    if (hasLongLength(vr)) {
      reader.need(offset, 12, limit, 'element header');
      length = reader.u32(offset + 8, le);
      valueOffset = offset + 12;
    } else {
      length = reader.u16(offset + 6, le);
      valueOffset = offset + 8;
    }
  } else {
    vr = dictionaryVr(tag);
    length = reader.u32(offset + 4, le);
    valueOffset = offset + 8;
  }

  if (length !== UNDEFINED_LENGTH) {
    if (valueOffset + length > limit) {
      throw new DicomParseError(
        `element ${formatTag(tag)} at offset ${offset} declares length ${length}, beyond the end of its container at ${limit}`,
        offset,
      );
    }
    const el: DicomElement = {
      tag,
      vr,
      syntax,
      headerOffset: offset,
      valueOffset,
      valueLength: length,
      undefinedLength: false,
      end: valueOffset + length,
    };
    if (vr === 'SQ')
      el.items = parseItems(reader, syntax, valueOffset, valueOffset + length, false, depth, maxDepth).items;
    return el;
  }

  // undefined length: a sequence, encapsulated pixel data, or UN holding an implicit-VR sequence
  if (depth >= maxDepth)
    throw new DicomParseError(`sequences nested deeper than ${maxDepth} at offset ${offset}`, offset);
  if (tag === PIXEL_DATA_TAG || (vr !== 'SQ' && vr !== 'UN' && syntax.explicitVr)) {
    if (vr !== 'OB' && vr !== 'OW' && vr !== 'UN' && tag !== PIXEL_DATA_TAG) {
      throw new DicomParseError(
        `element ${formatTag(tag)} at offset ${offset} has undefined length with VR ${vr}`,
        offset,
      );
    }
    const fragments = parseFragments(reader, syntax, valueOffset, limit);
    return {
      tag,
      vr,
      syntax,
      headerOffset: offset,
      valueOffset,
      valueLength: fragments.contentEnd - valueOffset,
      undefinedLength: true,
      end: fragments.end,
      fragments: fragments.fragments,
    };
  }
  const itemSyntax = vr === 'UN' ? IMPLICIT_LE : syntax;
  const seq = parseItems(reader, itemSyntax, valueOffset, limit, true, depth, maxDepth);
  return {
    tag,
    vr,
    syntax,
    headerOffset: offset,
    valueOffset,
    valueLength: seq.contentEnd - valueOffset,
    undefinedLength: true,
    end: seq.end,
    items: seq.items,
  };
}

/**
 * A sequence written with another VR in its header (old encoders wrote e.g. CS for
 * (0040,A730)): where one of the header forms `legacySequenceForms` found parses as items, the
 * element is read as a sequence and a warning recorded.
 */
function legacySequence(
  reader: Reader,
  syntax: ByteSyntax,
  tag: number,
  vr: string,
  offset: number,
  limit: number,
  depth: number,
  maxDepth: number,
  candidates: LegacyForm[],
): DicomElement | undefined {
  for (const form of candidates) {
    const undefinedLength = form.length === UNDEFINED_LENGTH;
    const end = undefinedLength ? limit : form.valueOffset + form.length;
    if (end > limit) continue;
    let seq: { items: DicomItem[]; end: number; contentEnd: number };
    try {
      seq = parseItems(reader, syntax, form.valueOffset, end, undefinedLength, depth, maxDepth);
    } catch (err) {
      if (err instanceof DicomParseError) continue; // not items after all: read it as its VR says
      throw err;
    }
    reader.warnings.push(
      `element ${formatTag(tag)} at offset ${offset} is a sequence written with VR ${vr} (legacy encoding); passed through unchanged`,
    );
    return {
      tag,
      vr: 'SQ',
      legacyVr: vr,
      syntax,
      headerOffset: offset,
      valueOffset: form.valueOffset,
      valueLength: seq.contentEnd - form.valueOffset,
      undefinedLength,
      end: seq.end,
      items: seq.items,
    };
  }
  return undefined;
}

function parseItems(
  reader: Reader,
  syntax: ByteSyntax,
  start: number,
  limit: number,
  undefinedLength: boolean,
  depth: number,
  maxDepth: number,
): { items: DicomItem[]; end: number; contentEnd: number } {
  const items: DicomItem[] = [];
  const le = syntax.littleEndian;
  let offset = start;
  while (offset < limit) {
    reader.need(offset, 8, limit, 'item header');
    const tag = reader.tag(offset, le);
    const length = reader.u32(offset + 4, le);
    if (tag === SEQUENCE_DELIMITATION_TAG) {
      if (!undefinedLength)
        throw new DicomParseError(`sequence delimiter in a sequence of defined length at offset ${offset}`, offset);
      return { items, contentEnd: offset, end: offset + 8 };
    }
    if (tag !== ITEM_TAG)
      throw new DicomParseError(`expected an item tag at offset ${offset}, found ${formatTag(tag)}`, offset);
    const valueOffset = offset + 8;
    if (length === UNDEFINED_LENGTH) {
      const inner = parseElements(reader, syntax, valueOffset, limit, depth + 1, maxDepth, true);
      items.push({
        headerOffset: offset,
        valueOffset,
        valueLength: inner.contentEnd - valueOffset,
        undefinedLength: true,
        end: inner.end,
        elements: inner.elements,
      });
      offset = inner.end;
    } else {
      if (valueOffset + length > limit) {
        throw new DicomParseError(
          `item at offset ${offset} declares length ${length}, beyond the end of its sequence at ${limit}`,
          offset,
        );
      }
      const inner = parseElements(reader, syntax, valueOffset, valueOffset + length, depth + 1, maxDepth, false);
      items.push({
        headerOffset: offset,
        valueOffset,
        valueLength: length,
        undefinedLength: false,
        end: valueOffset + length,
        elements: inner.elements,
      });
      offset = valueOffset + length;
    }
  }
  if (undefinedLength)
    throw new DicomParseError(
      `truncated data: sequence of undefined length has no delimiter before offset ${limit}`,
      limit,
    );
  return { items, contentEnd: offset, end: offset };
}
