import {
  ByteSyntax,
  EditableDataset,
  EditableElement,
  EditableItem,
  TagPath,
  TagRef,
  checkValues,
  dictionaryVr,
  encodeValues,
  formatTag,
  isCharsetVr,
  parseTagPath,
  tagKeyword,
} from '@axiom/dicom-io';
import type { MorphOptions, TagChange } from '../types';

const SPECIFIC_CHARACTER_SET = 0x00080005;
const UTF8_TERM = 'ISO_IR 192';

/** Where a path lands: the item holding the element, the element's tag (if resolvable) and its display path. */
export interface Target {
  item: EditableItem;
  tag: number | undefined;
  ref: TagRef;
  path: string;
}

/**
 * The state of one morph: the copy-on-write data set, the change log and warnings. Actions read
 * and write through it so that each sees the effect of the ones before (they apply in order).
 */
export class MorphContext {
  readonly changes: TagChange[] = [];
  readonly warnings: string[] = [];
  /** Set by actions that change SOP Class/Instance UIDs: the file meta must follow. */
  readonly metaUpdates = new Map<number, string>();

  /** The file meta's (0002,0003), for actions that must remap it even when the data set lacks (0008,0018). */
  originalMediaStorageSopInstanceUid?: string;

  constructor(
    readonly ds: EditableDataset,
    readonly syntax: ByteSyntax,
    readonly options: MorphOptions,
  ) {}

  get root(): EditableItem {
    return this.ds.root;
  }

  /** Every target of a path; with `create`, a missing private block is allocated in the target item. */
  targets(pathText: string, create: boolean): Target[] {
    const path: TagPath = parseTagPath(pathText);
    let frontier: { item: EditableItem; prefix: string }[] = [{ item: this.root, prefix: '' }];
    for (const [depth, segment] of path.segments.entries()) {
      const last = depth === path.segments.length - 1;
      if (last) {
        return frontier.map(({ item, prefix }) => {
          const tag = resolveTag(item, segment.ref, create);
          return {
            item,
            tag,
            ref: segment.ref,
            path: prefix + (tag === undefined ? refText(segment.ref) : formatTag(tag)),
          };
        });
      }
      const next: { item: EditableItem; prefix: string }[] = [];
      for (const { item, prefix } of frontier) {
        const tag = resolveTag(item, segment.ref, false);
        const seq = tag === undefined ? undefined : item.get(tag);
        if (!seq || tag === undefined || !seq.isSequence) continue;
        seq.items().forEach((child, i) => {
          if (segment.item === '*' || segment.item === i)
            next.push({ item: child, prefix: `${prefix}${formatTag(tag)}[${i}].` });
        });
      }
      frontier = next;
    }
    return [];
  }

  /** The character set in force in an item: its own (0008,0005) or the nearest ancestor's. */
  charsetOf(item: EditableItem): string[] {
    for (let it: EditableItem | null = item; it; it = it.parent?.parent ?? null) {
      const cs = it.get(SPECIFIC_CHARACTER_SET);
      if (cs) return cs.strings([]);
    }
    return [];
  }

  read(t: Target): string[] | null {
    if (t.tag === undefined) return null;
    const el = t.item.get(t.tag);
    return el ? el.strings(this.charsetOf(t.item)) : null;
  }

  element(t: Target): EditableElement | undefined {
    return t.tag === undefined ? undefined : t.item.get(t.tag);
  }

  /** The VR a write uses: the rule's, else the element's own (unless UN), else the dictionary's. */
  vrFor(t: Target, explicitVr?: string): string {
    if (explicitVr) return explicitVr.toUpperCase();
    const existing = this.element(t);
    if (existing && existing.vr !== 'UN') return existing.vr;
    return t.tag === undefined ? 'UN' : dictionaryVr(t.tag);
  }

  /**
   * Writes values; refuses (with a warning, element unchanged) values the VR cannot hold, and
   * switches the data set to ISO_IR 192 when its character set cannot represent the text.
   */
  write(t: Target, values: string[], explicitVr?: string): boolean {
    if (t.tag === undefined) {
      this.warnings.push(
        `${t.path}: private creator "${t.ref.kind === 'private' ? t.ref.creator : ''}" not found; element not written`,
      );
      return false;
    }
    const vr = this.vrFor(t, explicitVr);
    const before = this.read(t);
    const problem = vr === 'UN' ? undefined : checkValues(vr, values);
    if (problem) {
      this.warnings.push(`${t.path}: ${problem}; element left unchanged`);
      return false;
    }
    let bytes = this.encode(t.item, vr, values);
    if (!bytes) {
      this.switchToUtf8(t.item, t.path);
      bytes = this.encode(t.item, vr, values);
    }
    if (!bytes) {
      this.warnings.push(`${t.path}: value cannot be encoded; element left unchanged`);
      return false;
    }
    const existing = this.element(t);
    if (existing && existing.vr === vr && existing.valueBytes().equals(bytes)) return false;
    t.item.put(t.tag, vr, bytes);
    this.record(t.path, t.tag, before, this.read(t));
    return true;
  }

  /** Writes raw value bytes (copying bulk or binary elements as they are). */
  writeRaw(t: Target, vr: string, bytes: Buffer): boolean {
    if (t.tag === undefined) return false;
    const before = this.read(t);
    const existing = this.element(t);
    if (existing && existing.vr === vr && existing.valueBytes().equals(bytes)) return false;
    t.item.put(t.tag, vr, bytes);
    this.record(t.path, t.tag, before, this.read(t));
    return true;
  }

  remove(t: Target): boolean {
    if (t.tag === undefined) return false;
    const before = this.read(t);
    if (!t.item.remove(t.tag)) return false;
    this.record(t.path, t.tag, before, null);
    return true;
  }

  record(path: string, tag: number, before: string[] | null, after: string[] | null): void {
    this.changes.push({ tag: path, keyword: tagKeyword(tag), before, after });
    if (path === formatTag(tag) && (tag === 0x00080018 || tag === 0x00080016) && after?.[0]) {
      this.metaUpdates.set(tag === 0x00080018 ? 0x00020003 : 0x00020002, after[0]);
    }
  }

  private encode(item: EditableItem, vr: string, values: string[]): Buffer | undefined {
    if (vr === 'UN')
      return encodeValues('LT', [values.join('\\')], {
        littleEndian: this.syntax.littleEndian,
        charsetTerms: ['ISO_IR 100'],
      });
    return encodeValues(vr, values, { littleEndian: item.syntax.littleEndian, charsetTerms: this.charsetOf(item) });
  }

  /**
   * Moves the scope of an item's character set to UTF-8: every non-ASCII text value in scope is
   * re-encoded (decoded with the old set first), then (0008,0005) becomes ISO_IR 192.
   */
  private switchToUtf8(item: EditableItem, path: string): void {
    let scope = item;
    while (!scope.get(SPECIFIC_CHARACTER_SET) && scope.parent) scope = scope.parent.parent;
    const old = this.charsetOf(scope);
    transcode(scope, old, true);
    const before = scope.get(SPECIFIC_CHARACTER_SET)?.strings([]) ?? null;
    // 'ISO_IR 192' is 10 bytes: even, so no padding (an 11th space byte made dcmtk and Orthanc refuse it)
    scope.put(SPECIFIC_CHARACTER_SET, 'CS', Buffer.from(UTF8_TERM, 'latin1'));
    const where = scope === this.root ? '' : ' (in a sequence item)';
    this.warnings.push(
      `${path}: SpecificCharacterSet${where} changed from "${old.join('\\')}" to "${UTF8_TERM}" to hold a non-ASCII value`,
    );
    this.changes.push({
      tag: formatTag(SPECIFIC_CHARACTER_SET),
      keyword: 'SpecificCharacterSet',
      before,
      after: [UTF8_TERM],
    });
  }
}

function transcode(item: EditableItem, charset: string[], isScope: boolean): void {
  if (!isScope && item.get(SPECIFIC_CHARACTER_SET)) return; // an item with its own set keeps it
  for (const el of item.elements()) {
    if (el.isSequence) {
      for (const child of el.items()) transcode(child, charset, false);
      continue;
    }
    if (!isCharsetVr(el.vr)) continue;
    const raw = el.valueBytes();
    if (!raw.some((b) => b >= 0x80 || b === 0x1b)) continue;
    const text = el.strings(charset);
    const bytes = encodeValues(el.vr, text, { littleEndian: item.syntax.littleEndian, charsetTerms: [UTF8_TERM] });
    if (bytes) el.setValue(el.vr, bytes);
  }
}

function refText(ref: TagRef): string {
  return ref.kind === 'tag'
    ? formatTag(ref.tag)
    : `(${ref.group.toString(16).toUpperCase().padStart(4, '0')},"${ref.creator}",${ref.elementByte.toString(16).toUpperCase().padStart(2, '0')})`;
}

/** A private reference resolved through its creator; with `create`, a free block gets the creator. */
function resolveTag(item: EditableItem, ref: TagRef, create: boolean): number | undefined {
  if (ref.kind === 'tag') return ref.tag;
  const used = new Set<number>();
  for (const el of item.elements()) {
    if (el.tag >>> 16 !== ref.group) continue;
    const block = el.tag & 0xffff;
    if (block < 0x10 || block > 0xff) continue;
    used.add(block);
    if (el.strings([])[0]?.trim() === ref.creator) return ((ref.group << 16) | (block << 8) | ref.elementByte) >>> 0;
  }
  if (!create) return undefined;
  let block = 0x10;
  while (used.has(block) && block <= 0xff) block++;
  if (block > 0xff) return undefined;
  const creatorBytes = encodeValues('LO', [ref.creator], { littleEndian: item.syntax.littleEndian, charsetTerms: [] });
  if (!creatorBytes) return undefined;
  item.put(((ref.group << 16) | block) >>> 0, 'LO', creatorBytes);
  return ((ref.group << 16) | (block << 8) | ref.elementByte) >>> 0;
}
