import {
  ByteSyntax,
  DicomElement,
  DicomItem,
  ITEM_DELIMITATION_TAG,
  ITEM_TAG,
  SEQUENCE_DELIMITATION_TAG,
  hasLongLength,
} from '../dataset-model';
import { encodeElementHeader, writeTag } from '../element-writer';

const UNDEFINED = 0xffffffff;

/** Replacement element bytes (already encoded in the target syntax), or null to drop the element. */
export type Replacements = Map<number, Buffer | null>;

function sameLayout(a: ByteSyntax, b: ByteSyntax): boolean {
  return a.explicitVr === b.explicitVr && a.littleEndian === b.littleEndian;
}

function tagHeader(tag: number, length: number): Buffer {
  const h = Buffer.alloc(8);
  writeTag(h, 0, tag, true);
  h.writeUInt32LE(length >>> 0, 4);
  return h;
}

function undefinedLengthHeader(tag: number, vr: string, target: ByteSyntax): Buffer {
  if (!target.explicitVr) return tagHeader(tag, UNDEFINED);
  const h = Buffer.alloc(12);
  writeTag(h, 0, tag, true);
  h.write(vr, 4, 'latin1');
  h.writeUInt32LE(UNDEFINED, 8);
  return h;
}

/** Header for a value of defined length; a short-VR value too long for 16 bits becomes UN (PS3.5 6.2.2). */
function definedLengthHeader(tag: number, vr: string, length: number, target: ByteSyntax): Buffer {
  const fits = !target.explicitVr || hasLongLength(vr) || length <= 0xffff;
  return encodeElementHeader(tag, fits ? vr : 'UN', length, target);
}

function rewriteItem(buf: Buffer, item: DicomItem, from: ByteSyntax, target: ByteSyntax): Buffer {
  const content = Buffer.concat(item.elements.map((el) => rewriteElement(buf, el, from, target)));
  if (item.undefinedLength)
    return Buffer.concat([tagHeader(ITEM_TAG, UNDEFINED), content, tagHeader(ITEM_DELIMITATION_TAG, 0)]);
  return Buffer.concat([tagHeader(ITEM_TAG, content.length), content]);
}

function rewriteElement(buf: Buffer, el: DicomElement, from: ByteSyntax, target: ByteSyntax): Buffer {
  if (sameLayout(el.syntax, target)) return buf.subarray(el.headerOffset, el.end);
  if (el.fragments) throw new RangeError('encapsulated pixel data cannot change syntax without decoding');
  // UN content (and its items) is implicit VR little endian in every syntax: copied as it is
  if (el.items && el.vr !== 'UN') {
    const items = Buffer.concat(el.items.map((item) => rewriteItem(buf, item, from, target)));
    if (el.undefinedLength)
      return Buffer.concat([
        undefinedLengthHeader(el.tag, el.vr, target),
        items,
        tagHeader(SEQUENCE_DELIMITATION_TAG, 0),
      ]);
    return Buffer.concat([definedLengthHeader(el.tag, 'SQ', items.length, target), items]);
  }
  const value = buf.subarray(el.valueOffset, el.end);
  if (el.undefinedLength) return Buffer.concat([undefinedLengthHeader(el.tag, el.vr, target), value]);
  return Buffer.concat([definedLengthHeader(el.tag, el.vr, el.valueLength, target), value]);
}

/**
 * Writes top-level elements in `target` (a little endian syntax). Elements already in the target
 * layout are copied byte for byte; the others get new headers around their unchanged values.
 * Replacements and insertions (in `replacements`, by tag) land in ascending tag order. Group
 * lengths are dropped: they are retired in data sets and would no longer be right.
 */
export function rewriteDataset(
  buf: Buffer,
  elements: DicomElement[],
  from: ByteSyntax,
  target: ByteSyntax,
  replacements: Replacements,
  topLevelVr: (el: DicomElement) => string = (el) => el.vr,
): Buffer {
  const pending = [...replacements.keys()]
    .filter((tag) => !elements.some((el) => el.tag === tag))
    .sort((a, b) => a - b);
  const parts: Buffer[] = [];
  const flushBefore = (tag: number) => {
    while (pending.length > 0 && (pending[0] ?? Infinity) < tag) {
      const inserted = replacements.get(pending.shift() ?? 0);
      if (inserted) parts.push(inserted);
    }
  };
  for (const el of elements) {
    flushBefore(el.tag);
    if ((el.tag & 0xffff) === 0) continue;
    if (replacements.has(el.tag)) {
      const replaced = replacements.get(el.tag);
      if (replaced) parts.push(replaced);
      continue;
    }
    const vr = topLevelVr(el);
    parts.push(rewriteElement(buf, vr === el.vr ? el : { ...el, vr }, from, target));
  }
  flushBefore(Infinity);
  return Buffer.concat(parts);
}
