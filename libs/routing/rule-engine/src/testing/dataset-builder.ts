import {
  ByteSyntax,
  DicomFile,
  TransferSyntax,
  buildPart10Header,
  encodeElement,
  encodeValues,
  keywordToTag,
} from '@axiom/dicom-io';
import { writeU32, writeTag } from '@axiom/dicom-io/testing';

/** Test data: elements by keyword or tag number, text values, or sequences of items. */
export type SpecElement =
  | { tag: string | number; vr: string; values: string[] }
  | { tag: string | number; vr: 'SQ'; items: SpecElement[][]; undefinedLength?: boolean };

const tagOf = (t: string | number): number => (typeof t === 'number' ? t : (keywordToTag(t) ?? Number.NaN));

function encodeItems(items: SpecElement[][], syntax: ByteSyntax, charset: string[], undefinedLength: boolean): Buffer {
  const parts: Buffer[] = [];
  for (const item of items) {
    const content = encodeSpec(item, syntax, charset);
    const header = Buffer.alloc(8);
    writeTag(header, 0, 0xfffee000, syntax.littleEndian);
    writeU32(header, 4, undefinedLength ? 0xffffffff : content.length, syntax.littleEndian);
    parts.push(header, content);
    if (undefinedLength) {
      const delim = Buffer.alloc(8);
      writeTag(delim, 0, 0xfffee00d, syntax.littleEndian);
      parts.push(delim);
    }
  }
  return Buffer.concat(parts);
}

export function encodeSpec(elements: SpecElement[], syntax: ByteSyntax, charset: string[] = []): Buffer {
  const sorted = [...elements].sort((a, b) => tagOf(a.tag) - tagOf(b.tag));
  return Buffer.concat(
    sorted.map((el) => {
      const tag = tagOf(el.tag);
      if ('items' in el) {
        const body = encodeItems(el.items, syntax, charset, el.undefinedLength === true);
        if (!el.undefinedLength) return encodeElement(tag, 'SQ', body, syntax);
        const header = encodeElement(tag, 'SQ', Buffer.alloc(0), syntax);
        writeU32(header, syntax.explicitVr ? 8 : 4, 0xffffffff, syntax.littleEndian);
        const end = Buffer.alloc(8);
        writeTag(end, 0, 0xfffee0dd, syntax.littleEndian);
        return Buffer.concat([header, body, end]);
      }
      const value = encodeValues(el.vr, el.values, {
        littleEndian: syntax.littleEndian,
        charsetTerms: charset.length ? charset : ['ISO_IR 192'],
      });
      if (!value) throw new Error(`cannot encode ${el.vr} ${el.values.join('\\')}`);
      return encodeElement(tag, el.vr, value, syntax);
    }),
  );
}

const SYNTAX_UID: Record<string, string> = {
  'explicit-le': TransferSyntax.ExplicitVrLittleEndian,
  'implicit-le': TransferSyntax.ImplicitVrLittleEndian,
  'explicit-be': TransferSyntax.ExplicitVrBigEndian,
};

/** A Part 10 file holding these elements (plus SOP UIDs), parsed header-only as the worker does. */
export function buildFile(
  elements: SpecElement[],
  syntaxName: 'explicit-le' | 'implicit-le' | 'explicit-be' = 'explicit-le',
): DicomFile {
  const uid = SYNTAX_UID[syntaxName] ?? TransferSyntax.ExplicitVrLittleEndian;
  const syntax = { littleEndian: syntaxName !== 'explicit-be', explicitVr: syntaxName !== 'implicit-le' };
  const defaults: SpecElement[] = [
    { tag: 'SOPClassUID', vr: 'UI', values: ['1.2.840.10008.5.1.4.1.1.7'] },
    { tag: 'SOPInstanceUID', vr: 'UI', values: ['1.2.3.4.5'] },
  ];
  const all = [...defaults.filter((d) => !elements.some((e) => e.tag === d.tag)), ...elements];
  const charsetEl = elements.find((e) => e.tag === 'SpecificCharacterSet');
  const charset = charsetEl && 'values' in charsetEl ? charsetEl.values : [];
  const header = buildPart10Header({
    sopClassUid: '1.2.840.10008.5.1.4.1.1.7',
    sopInstanceUid: '1.2.3.4.5',
    transferSyntaxUid: uid,
  });
  return DicomFile.parse(Buffer.concat([header, encodeSpec(all, syntax, charset)]), { headerOnly: true });
}
