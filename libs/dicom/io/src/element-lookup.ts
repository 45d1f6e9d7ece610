import { DicomElement, findElement } from './dataset-model';
import type { TagPath, TagRef } from './tag-path';
import { elementStrings } from './values';

const SPECIFIC_CHARACTER_SET = 0x00080005;

/** An element found by a path, with the character set in force where it sits. */
export interface FoundElement {
  element: DicomElement;
  charsetTerms: string[];
}

/** The tag a private reference stands for in this container: found through its creator element. */
export function resolvePrivateTag(
  elements: DicomElement[],
  buf: Buffer,
  ref: Extract<TagRef, { kind: 'private' }>,
): number | undefined {
  const first = ((ref.group << 16) | 0x10) >>> 0;
  const last = ((ref.group << 16) | 0xff) >>> 0;
  for (const el of elements) {
    if (el.tag < first) continue;
    if (el.tag > last) break;
    if (elementStrings(buf, el)[0]?.trim() === ref.creator) {
      return ((ref.group << 16) | ((el.tag & 0xff) << 8) | ref.elementByte) >>> 0;
    }
  }
  return undefined;
}

export function resolveTagRef(elements: DicomElement[], buf: Buffer, ref: TagRef): number | undefined {
  return ref.kind === 'tag' ? ref.tag : resolvePrivateTag(elements, buf, ref);
}

/** An item may carry its own (0008,0005) (PS3.5 6.1.2.5.2); otherwise it inherits its parent's. */
function itemCharset(elements: DicomElement[], buf: Buffer, inherited: string[]): string[] {
  const cs = findElement(elements, SPECIFIC_CHARACTER_SET);
  return cs ? elementStrings(buf, cs) : inherited;
}

/** Every element a path designates ([*] fans out over items). */
export function findByPath(
  elements: DicomElement[],
  buf: Buffer,
  path: TagPath,
  charsetTerms: string[],
): FoundElement[] {
  const out: FoundElement[] = [];
  walk(elements, buf, path, 0, charsetTerms, out);
  return out;
}

function walk(
  elements: DicomElement[],
  buf: Buffer,
  path: TagPath,
  depth: number,
  charset: string[],
  out: FoundElement[],
): void {
  const segment = path.segments[depth];
  if (!segment) return;
  const tag = resolveTagRef(elements, buf, segment.ref);
  if (tag === undefined) return;
  const el = findElement(elements, tag);
  if (!el) return;
  if (depth === path.segments.length - 1) {
    out.push({ element: el, charsetTerms: charset });
    return;
  }
  const items = el.items ?? [];
  const chosen = segment.item === '*' ? items : items.slice(segment.item, segment.item + 1);
  for (const item of chosen) walk(item.elements, buf, path, depth + 1, itemCharset(item.elements, buf, charset), out);
}
