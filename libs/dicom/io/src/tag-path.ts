import { formatTag, keywordToTag, tagKeyword } from './dictionary';

/**
 * Tag references and paths as rules write them:
 * - a PS3.6 keyword (`PatientName`), or `GGGG,EEEE` with optional parentheses and spaces, or `GGGGEEEE`;
 * - a private element by creator: `(0009,"GEMS_IDEN_01",10)` (group, private creator, element
 *   byte in hex), so a rule survives a modality that moves its private block;
 * - a path into sequences: `ReferencedStudySequence[0].ReferencedSOPInstanceUID`, `[*]` (or no
 *   index) meaning any item.
 */
export type TagRef =
  { kind: 'tag'; tag: number } | { kind: 'private'; group: number; creator: string; elementByte: number };

export interface TagPathSegment {
  ref: TagRef;
  /** The item selected inside this segment's sequence (only for segments before the last). */
  item: number | '*';
}

export interface TagPath {
  segments: TagPathSegment[];
  /** The last segment: the element the path designates. */
  target: TagRef;
}

export class TagPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TagPathError';
  }
}

const NUMERIC_TAG = /^\(?\s*([0-9A-Fa-f]{4})\s*,?\s*([0-9A-Fa-f]{4})\s*\)?$/;
const PRIVATE_TAG = /^\(?\s*([0-9A-Fa-f]{4})\s*,\s*"([^"\\]*)"\s*,\s*(?:[0-9A-Fa-f]{2}|xx)?([0-9A-Fa-f]{2})\s*\)?$/;
const KEYWORD = /^[A-Za-z][A-Za-z0-9]*$/;

/** Parses one tag reference (no sequence path). Throws TagPathError with a message for users. */
export function parseTagRef(text: string): TagRef {
  const s = text.trim();
  const numeric = NUMERIC_TAG.exec(s);
  if (numeric)
    return { kind: 'tag', tag: ((parseInt(numeric[1] ?? '', 16) << 16) | parseInt(numeric[2] ?? '', 16)) >>> 0 };
  const priv = PRIVATE_TAG.exec(s);
  if (priv) {
    const group = parseInt(priv[1] ?? '', 16);
    const creator = (priv[2] ?? '').trim();
    if ((group & 1) === 0) throw new TagPathError(`"${s}": a private tag needs an odd group, not ${priv[1]}`);
    if (creator === '') throw new TagPathError(`"${s}": the private creator must not be empty`);
    return { kind: 'private', group, creator, elementByte: parseInt(priv[3] ?? '', 16) };
  }
  if (KEYWORD.test(s)) {
    const tag = keywordToTag(s);
    if (tag === undefined) throw new TagPathError(`unknown DICOM keyword "${s}"`);
    return { kind: 'tag', tag };
  }
  throw new TagPathError(`"${s}" is not a tag: use a keyword, GGGG,EEEE or (GGGG,"creator",EE)`);
}

/** Splits on dots outside double quotes (a private creator may contain dots). */
function splitSegments(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === '.' && !quoted) {
      out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (quoted) throw new TagPathError(`"${text}": unbalanced quote`);
  out.push(current);
  return out;
}

const ITEM_SUFFIX = /\[\s*(\*|\d+)\s*\]$/;
const pathCache = new Map<string, TagPath>();

/** Parses a tag or a sequence path. Results are cached: rules reuse the same strings. */
export function parseTagPath(text: string): TagPath {
  const cached = pathCache.get(text);
  if (cached) return cached;
  if (typeof text !== 'string' || text.trim() === '') throw new TagPathError('the tag is empty');
  const parts = splitSegments(text.trim());
  const segments: TagPathSegment[] = parts.map((part, i) => {
    const m = ITEM_SUFFIX.exec(part);
    const refText = m ? part.slice(0, m.index) : part;
    const last = i === parts.length - 1;
    if (m && last) throw new TagPathError(`"${text}": an item index must be followed by the element inside the item`);
    return { ref: parseTagRef(refText), item: !m || m[1] === '*' ? '*' : Number(m[1]) };
  });
  const target = segments[segments.length - 1]?.ref;
  if (!target) throw new TagPathError('the tag is empty');
  const path = { segments, target };
  if (pathCache.size < 10_000) pathCache.set(text, path);
  return path;
}

export function formatTagRef(ref: TagRef): string {
  if (ref.kind === 'tag') return formatTag(ref.tag);
  return `(${ref.group.toString(16).toUpperCase().padStart(4, '0')},"${ref.creator}",${ref.elementByte.toString(16).toUpperCase().padStart(2, '0')})`;
}

export function tagRefKeyword(ref: TagRef): string | undefined {
  return ref.kind === 'tag' ? tagKeyword(ref.tag) : undefined;
}

/** Whether a path goes into sequences. */
export function isNestedPath(path: TagPath): boolean {
  return path.segments.length > 1;
}
