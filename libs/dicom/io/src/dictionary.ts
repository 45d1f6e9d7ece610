// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- dcmjs has no types; this declares the module wherever the dictionary is compiled
/// <reference path="./dcmjs-types.d.ts" />
import * as dcmjs from 'dcmjs';

interface DictEntry {
  tag: string;
  vr: string;
  vm: string;
  name: string;
}

const meta = (
  dcmjs as unknown as {
    data: { DicomMetaDictionary: { dictionary: Record<string, DictEntry>; nameMap: Record<string, DictEntry> } };
  }
).data.DicomMetaDictionary;

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

/** `(GGGG,EEEE)` with upper-case hex, the form used in messages and the dictionary. */
export function formatTag(tag: number): string {
  return `(${hex4(tag >>> 16)},${hex4(tag & 0xffff)})`;
}

function lookup(tag: number): DictEntry | undefined {
  const group = tag >>> 16;
  const element = tag & 0xffff;
  const direct = meta.dictionary[formatTag(tag)];
  if (direct) return direct;
  // repeating groups (overlays 60xx, curves 50xx) are filed under their first group
  if ((group & 0xff00) === 0x6000 || (group & 0xff00) === 0x5000) {
    return meta.dictionary[formatTag((((group & 0xff00) << 16) | element) >>> 0)];
  }
  return undefined;
}

export function isPrivateTag(tag: number): boolean {
  return ((tag >>> 16) & 1) === 1;
}

export function isPrivateCreatorTag(tag: number): boolean {
  const element = tag & 0xffff;
  return isPrivateTag(tag) && element >= 0x0010 && element <= 0x00ff;
}

/**
 * The VR of a tag in an implicit-VR data set: the dictionary's, with the PS3.5 rules for group
 * lengths and private creators, `OW` where the dictionary says "OB or OW", `UN` when unknown.
 */
export function dictionaryVr(tag: number): string {
  if ((tag & 0xffff) === 0) return 'UL';
  if (isPrivateCreatorTag(tag)) return 'LO';
  if (isPrivateTag(tag)) return 'UN';
  const entry = lookup(tag);
  if (!entry) return 'UN';
  const vr = entry.vr;
  if (vr === 'ox' || vr === 'OB or OW' || vr === 'OB|OW') return 'OW';
  if (vr === 'xs' || vr === 'US or SS') return 'US';
  if (vr.length !== 2 || vr === 'na') return 'UN';
  return vr.toUpperCase();
}

/** The tag number of a PS3.6 keyword, or undefined. */
export function keywordToTag(keyword: string): number | undefined {
  const entry = meta.nameMap[keyword];
  if (!entry) return undefined;
  const m = /^\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\)$/.exec(entry.tag);
  if (!m) return undefined; // repeating-group entries (60xx) have no single tag
  return ((parseInt(m[1] ?? '', 16) << 16) | parseInt(m[2] ?? '', 16)) >>> 0;
}

export function tagKeyword(tag: number): string | undefined {
  if (isPrivateTag(tag)) return undefined;
  return lookup(tag)?.name;
}

export interface DictionaryKeyword {
  keyword: string;
  /** `(GGGG,EEEE)`; repeating groups keep their `xx` (e.g. `(60xx,3000)`). */
  tag: string;
  vr: string;
}

/** Every keyword of the dictionary with its tag and VR, as the rule language accepts them (for autocomplete). */
export function dictionaryKeywords(): DictionaryKeyword[] {
  return Object.values(meta.nameMap).map((e) => ({
    keyword: e.name,
    tag: e.tag.toUpperCase().replace(/X/g, 'x'),
    vr: e.vr,
  }));
}
