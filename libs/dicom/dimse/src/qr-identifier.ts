/**
 * Identifiers of C-FIND/C-MOVE/C-GET (PS3.4 C.4): a flat data set of matching and return keys,
 * written by keyword in the accepted transfer syntax, and the pending responses' identifiers
 * read back as keyword -> value (multiple values joined by a backslash).
 */
import {
  dictionaryVr,
  elementStrings,
  encodeElement,
  keywordToTag,
  parseDataset,
  syntaxOf,
  tagKeyword,
} from '@axiom/dicom-io';

/** An identifier as keys: keyword -> value ('' asks the peer to return the attribute). */
export type QrKeys = Record<string, string>;

export class QrIdentifierError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QrIdentifierError';
  }
}

/** Keys whose value we write as 7-bit text only: this SCU sends no Specific Character Set. */
const PRINTABLE = /^[\x20-\x7e]*$/;

/** Encodes the keys (keywords of PS3.6) in ascending tag order; an unknown keyword or a sequence is an error. */
export function encodeIdentifier(keys: QrKeys, transferSyntaxUid: string): Buffer {
  const syntax = syntaxOf(transferSyntaxUid);
  if (syntax.deflated) throw new QrIdentifierError('identifiers are not written in a deflated transfer syntax');
  const elements: { tag: number; vr: string; value: Buffer }[] = [];
  for (const [keyword, value] of Object.entries(keys)) {
    const tag = keywordToTag(keyword);
    if (tag === undefined) throw new QrIdentifierError(`unknown attribute keyword "${keyword}"`);
    const vr = dictionaryVr(tag);
    if (vr === 'SQ' || vr === 'UN' || vr.startsWith('O'))
      throw new QrIdentifierError(`${keyword} (VR ${vr}) cannot be a query key here`);
    if (!PRINTABLE.test(value)) throw new QrIdentifierError(`the value of ${keyword} must be printable ASCII`);
    const raw = Buffer.from(value, 'latin1');
    const padded = raw.length % 2 ? Buffer.concat([raw, Buffer.from([vr === 'UI' ? 0 : 0x20])]) : raw;
    elements.push({ tag, vr, value: padded });
  }
  elements.sort((a, b) => a.tag - b.tag);
  return Buffer.concat(elements.map((e) => encodeElement(e.tag, e.vr, e.value, syntax)));
}

/** Reads a response identifier: every top-level element with a text or number value, by keyword. */
export function decodeIdentifier(bytes: Buffer, transferSyntaxUid: string): QrKeys {
  const syntax = syntaxOf(transferSyntaxUid);
  const { elements } = parseDataset(bytes, {
    littleEndian: syntax.littleEndian,
    explicitVr: syntax.explicitVr,
    maxDepth: 8,
  });
  const charset = elements.find((e) => e.tag === 0x00080005);
  const terms = charset ? elementStrings(bytes, charset) : [];
  const out: QrKeys = {};
  for (const el of elements) {
    const keyword = tagKeyword(el.tag);
    if (!keyword || el.items || el.fragments) continue;
    out[keyword] = elementStrings(bytes, el.vr === 'UN' ? { ...el, vr: dictionaryVr(el.tag) } : el, terms).join('\\');
  }
  return out;
}
