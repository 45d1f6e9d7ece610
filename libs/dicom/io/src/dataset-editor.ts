import { ByteSyntax, DicomElement, DicomItem } from './dataset-model';
import { encodeElement, encodeElementHeader, padToEven, sequenceLengthFieldOffset, writeU32 } from './element-writer';
import { elementStrings } from './values';

const IMPLICIT_LE: ByteSyntax = { littleEndian: true, explicitVr: false };

/**
 * A copy-on-write view of a parsed data set for morphing. Untouched elements, items and the bytes
 * after the parsed part (pixel data) are written back as the original bytes; only changed
 * elements are re-encoded, and only the lengths of their defined-length ancestors and the group
 * length elements of touched groups are recomputed.
 */
export class EditableElement {
  /** Replacement value bytes (non-sequence elements). */
  value?: Buffer;
  dirty = false;
  private itemList?: EditableItem[];

  constructor(
    readonly source: Buffer,
    readonly tag: number,
    public vr: string,
    readonly syntax: ByteSyntax,
    readonly parent: EditableItem,
    readonly original?: DicomElement,
  ) {}

  get isSequence(): boolean {
    return this.original?.items !== undefined;
  }

  items(): EditableItem[] {
    if (!this.itemList) {
      const itemSyntax = this.original && this.vr === 'UN' ? IMPLICIT_LE : this.syntax;
      this.itemList = (this.original?.items ?? []).map((it) => new EditableItem(this.source, itemSyntax, this, it));
    }
    return this.itemList;
  }

  /** Current value bytes (replaced or original). */
  valueBytes(): Buffer {
    if (this.value) return this.value;
    const o = this.original;
    return o ? this.source.subarray(o.valueOffset, o.valueOffset + o.valueLength) : Buffer.alloc(0);
  }

  strings(charsetTerms: string[]): string[] {
    if (!this.value && this.original) return elementStrings(this.source, this.original, charsetTerms);
    if (!this.value) return [];
    const fake: DicomElement = {
      tag: this.tag,
      vr: this.vr,
      syntax: this.syntax,
      headerOffset: 0,
      valueOffset: 0,
      valueLength: this.value.length,
      undefinedLength: false,
      end: this.value.length,
    };
    return elementStrings(this.value, fake, charsetTerms);
  }

  /** Every value the editor writes has an even length, padded as its VR says (PS3.5 7.1.1). */
  setValue(vr: string, value: Buffer): void {
    this.vr = vr;
    this.value = padToEven(vr, value);
    this.itemList = undefined;
    this.markDirty();
  }

  markDirty(): void {
    this.dirty = true;
    this.parent.markDirty(this.tag >>> 16);
  }
}

export class EditableItem {
  dirty = false;
  readonly touchedGroups = new Set<number>();
  private list?: EditableElement[];

  constructor(
    readonly source: Buffer,
    readonly syntax: ByteSyntax,
    readonly parent: EditableElement | null,
    readonly original?: DicomItem,
    private readonly rootElements?: DicomElement[],
  ) {}

  elements(): EditableElement[] {
    if (!this.list) {
      const els = this.original?.elements ?? this.rootElements ?? [];
      this.list = els.map((el) => new EditableElement(this.source, el.tag, el.vr, el.syntax, this, el));
    }
    return this.list;
  }

  get(tag: number): EditableElement | undefined {
    return this.elements().find((e) => e.tag === tag);
  }

  /** Replaces the value of an element, creating it in tag order when missing. */
  put(tag: number, vr: string, value: Buffer): EditableElement {
    const existing = this.get(tag);
    if (existing) {
      existing.setValue(vr, value);
      return existing;
    }
    const list = this.elements();
    const el = new EditableElement(this.source, tag, vr, this.syntax, this);
    const at = list.findIndex((e) => e.tag > tag);
    if (at < 0) list.push(el);
    else list.splice(at, 0, el);
    el.setValue(vr, value);
    return el;
  }

  remove(tag: number): boolean {
    const list = this.elements();
    const at = list.findIndex((e) => e.tag === tag);
    if (at < 0) return false;
    list.splice(at, 1);
    this.markDirty(tag >>> 16);
    return true;
  }

  markDirty(group?: number): void {
    if (group !== undefined) this.touchedGroups.add(group);
    if (this.dirty && group === undefined) return;
    this.dirty = true;
    this.parent?.markDirty();
  }
}

export class EditableDataset {
  readonly root: EditableItem;

  /**
   * @param source the data set bytes the elements' offsets point into
   * @param tailStart where the parsed elements stop; bytes from there on are kept as they are
   */
  constructor(
    readonly source: Buffer,
    elements: DicomElement[],
    readonly syntax: ByteSyntax,
    readonly tailStart: number,
  ) {
    this.root = new EditableItem(source, syntax, null, undefined, elements);
  }

  get changed(): boolean {
    return this.root.dirty;
  }

  serialize(): Buffer {
    if (!this.root.dirty) return this.source;
    const chunks = serializeContent(this.root);
    chunks.push(this.source.subarray(this.tailStart));
    return Buffer.concat(chunks);
  }
}

function serializeContent(item: EditableItem): Buffer[] {
  const chunks: Buffer[] = [];
  let runStart = -1;
  let runEnd = -1;
  const flush = (): void => {
    if (runStart >= 0) chunks.push(item.source.subarray(runStart, runEnd));
    runStart = -1;
  };
  const elements = item.elements();
  const groupLengths: { index: number; el: EditableElement }[] = [];
  const sized: { group: number; bytes: Buffer[] }[] = [];
  for (const el of elements) {
    const group = el.tag >>> 16;
    if ((el.tag & 0xffff) === 0 && item.touchedGroups.has(group)) {
      flush();
      groupLengths.push({ index: chunks.length, el });
      chunks.push(Buffer.alloc(0)); // placeholder, filled once the group's bytes are known
      sized.push({ group, bytes: [] });
      continue;
    }
    const bytes = el.dirty || !el.original ? serializeElement(el) : undefined;
    if (!bytes && el.original) {
      if (runStart >= 0 && runEnd === el.original.headerOffset) runEnd = el.original.end;
      else {
        flush();
        runStart = el.original.headerOffset;
        runEnd = el.original.end;
      }
      for (const s of sized)
        if (s.group === group) s.bytes.push(item.source.subarray(el.original.headerOffset, el.original.end));
      continue;
    }
    flush();
    if (bytes) {
      chunks.push(bytes);
      for (const s of sized) if (s.group === group) s.bytes.push(bytes);
    }
  }
  flush();
  groupLengths.forEach(({ index, el }, i) => {
    const total = sized[i]?.bytes.reduce((n, b) => n + b.length, 0) ?? 0;
    const value = Buffer.alloc(4);
    writeU32(value, 0, total, el.syntax.littleEndian);
    chunks[index] = encodeElement(el.tag, 'UL', value, el.syntax);
  });
  return chunks;
}

function serializeElement(el: EditableElement): Buffer {
  const o = el.original;
  if (o && el.isSequence && !el.value) {
    const items = el.items().map(serializeItem);
    // a legacy header (a non-SQ VR) is rewritten as SQ once the sequence changes
    const header =
      o.legacyVr && el.syntax.explicitVr
        ? encodeElementHeader(el.tag, 'SQ', o.undefinedLength ? 0xffffffff : 0, el.syntax)
        : Buffer.from(el.source.subarray(o.headerOffset, o.valueOffset));
    const body = Buffer.concat(items);
    if (o.undefinedLength)
      return Buffer.concat([header, body, el.source.subarray(o.valueOffset + o.valueLength, o.end)]);
    writeU32(header, sequenceLengthFieldOffset(el.syntax), body.length, el.syntax.littleEndian);
    return Buffer.concat([header, body]);
  }
  return encodeElement(el.tag, el.vr, el.valueBytes(), el.syntax);
}

function serializeItem(item: EditableItem): Buffer {
  const o = item.original;
  if (!o) return Buffer.alloc(0);
  if (!item.dirty) return item.source.subarray(o.headerOffset, o.end);
  const content = Buffer.concat(serializeContent(item));
  const header = Buffer.from(item.source.subarray(o.headerOffset, o.valueOffset));
  if (o.undefinedLength)
    return Buffer.concat([header, content, item.source.subarray(o.valueOffset + o.valueLength, o.end)]);
  writeU32(header, 4, content.length, item.syntax.littleEndian);
  return Buffer.concat([header, content]);
}
