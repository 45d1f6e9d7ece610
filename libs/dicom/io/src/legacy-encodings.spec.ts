import { DicomElement } from './dataset-model';
import { parseDataset } from './dataset-parser';
import { EditableDataset } from './dataset-editor';
import { DicomFile } from './dicom-file';
import { allUnFile, legacyContentSequence } from './testing/test-fixtures';

describe('elements sent as UN (CP-246)', () => {
  it('identity is read by the dictionary VR, not taken from the meta the sender announced', () => {
    const { file, original } = allUnFile('ct-explicit-le.dcm');
    const parsed = DicomFile.parse(file);
    expect(parsed.elements.every((el) => el.vr === 'UN')).toBe(true);
    const expected = original.identity();
    expect(expected.sopInstanceUid).toBeTruthy();
    expect(parsed.identity()).toEqual(expected);
    expect(parsed.identity().sopInstanceUid).not.toBe('31');
  });
});

describe('a sequence written with a legacy VR', () => {
  it.each([
    ['sr-basic-text-undefined-length.dcm', 'long' as const],
    ['sr-comprehensive3d-tid1500.dcm', 'short' as const],
  ])('%s (%s length form): accepted as the sequence the dictionary says, with a warning', (sample, form) => {
    const { bytes, element, original, rewritten } = legacyContentSequence(sample, form);
    const parsed = DicomFile.parse(bytes);
    const seq = parsed.element(0x0040a730) as DicomElement;
    expect(seq.vr).toBe('SQ');
    expect(seq.legacyVr).toBe('CS');
    expect(seq.items?.length).toBe(element.items?.length);
    expect(rewritten).toBeGreaterThanOrEqual(1);
    expect(parsed.warnings).toHaveLength(rewritten);
    expect(parsed.warnings.every((w) => /\(0040,A730\).*VR CS/.test(w))).toBe(true);
    expect(parsed.identity()).toEqual(original.identity());
    expect(original.warnings).toEqual([]);
  });

  it('passes through unchanged when another element is edited', () => {
    const { bytes } = legacyContentSequence('sr-basic-text-undefined-length.dcm', 'long');
    const parsed = DicomFile.parse(bytes);
    const seq = parsed.element(0x0040a730) as DicomElement;
    const editable = new EditableDataset(parsed.dataset, parsed.elements, parsed.syntax, parsed.dataset.length);
    editable.root.put(0x00080080, 'LO', Buffer.from('X', 'latin1'));
    const out = editable.serialize();
    const again = parseDataset(out, parsed.syntax);
    const copy = again.elements.find((e) => e.tag === 0x0040a730) as DicomElement;
    expect(out.subarray(copy.headerOffset, copy.end).equals(parsed.dataset.subarray(seq.headerOffset, seq.end))).toBe(
      true,
    );
    expect(again.warnings).toHaveLength(parsed.warnings.length);
  });

  it('still refuses a non-sequence tag whose bytes are not what its VR says', () => {
    const { bytes } = legacyContentSequence('sr-basic-text-undefined-length.dcm', 'long');
    const parsed = DicomFile.parse(bytes);
    // the same CS header on a tag the dictionary does not call SQ is not taken for a sequence
    const el = parsed.element(0x0040a730) as DicomElement;
    const wrongTag = Buffer.from(parsed.dataset);
    wrongTag.writeUInt16LE(0xa040, el.headerOffset + 2); // (0040,A040) ValueType is CS
    expect(() => parseDataset(wrongTag, parsed.syntax)).toThrow(/invalid VR|unexpected|truncated|beyond/);
  });
});
