import { DicomElement, DicomFile, TagPath, elementStrings, findByPath, isTextVr } from '@axiom/dicom-io';
import type { ElementValues } from './operators';

const ABSENT: ElementValues = { present: false, vr: 'UN', values: [] };

/**
 * Read access to one instance for matching: a tag index of the top level and decoded values,
 * each computed once per instance however many rules ask (the hot path of routing).
 */
export class InstanceView {
  private index?: Map<number, DicomElement>;
  private readonly decoded = new Map<DicomElement, string[]>();
  private charset?: string[];

  constructor(private readonly file: DicomFile) {}

  get charsetTerms(): string[] {
    this.charset ??= this.file.charsetTerms;
    return this.charset;
  }

  lookup(path: TagPath): ElementValues {
    const first = path.segments[0];
    if (path.segments.length === 1 && first?.ref.kind === 'tag') {
      const el = this.topLevel(first.ref.tag);
      return el ? { present: true, vr: el.vr, values: this.values(el, this.charsetTerms) } : ABSENT;
    }
    const found = findByPath(this.file.elements, this.file.dataset, path, this.charsetTerms);
    if (found.length === 0) return ABSENT;
    const values = found.flatMap((f) => this.values(f.element, f.charsetTerms));
    return { present: true, vr: found[0]?.element.vr ?? 'UN', values };
  }

  private topLevel(tag: number): DicomElement | undefined {
    if (!this.index) {
      this.index = new Map();
      for (const el of this.file.elements) this.index.set(el.tag, el);
    }
    return this.index.get(tag);
  }

  private values(el: DicomElement, charset: string[]): string[] {
    let v = this.decoded.get(el);
    if (!v) {
      v = decodeForMatching(this.file.dataset, el, charset);
      this.decoded.set(el, v);
    }
    return v;
  }
}

/**
 * Values for matching. Private elements of implicit-VR data have VR UN: they are read as text
 * (what vendors put there is mostly text), so a rule can still test them.
 */
export function decodeForMatching(buf: Buffer, el: DicomElement, charset: string[]): string[] {
  if (el.vr === 'UN' && !el.items && !el.undefinedLength) {
    const raw = buf.toString('latin1', el.valueOffset, el.valueOffset + el.valueLength);
    return raw.length === 0 ? [] : raw.split('\\').map((s) => s.replace(/^ +|[\0 ]+$/g, ''));
  }
  if (!isTextVr(el.vr) && el.valueLength > 4096) return []; // bulk binary data: nothing to compare
  return elementStrings(buf, el, charset);
}
