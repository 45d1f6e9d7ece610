import { DicomFile, dictionaryVr, elementStrings } from '@axiom/dicom-io';
import { listSampleFiles, readSampleFile } from '@axiom/dicom-io/testing';
import { applyModifications } from '../apply-modifications';
import { PROFILE_TABLE, isRemovedRepeatingGroup } from './profile-table';
import { effectiveAction } from './profile-actions';

/**
 * Every sample, de-identified, checked attribute by attribute against PS3.15 Table E.1-1 for
 * the attributes it holds at the top level.
 */
const OPTIONS = { uidSecret: 'uid-secret', dateShiftSecret: 'date-secret' };
const samples = listSampleFiles();

function valuesOf(f: DicomFile, tag: number): string[] | undefined {
  const el = f.element(tag);
  return el ? elementStrings(f.dataset, el, f.charsetTerms) : undefined;
}

describe.each(samples)('deidentify %s', (name) => {
  const original = DicomFile.parse(readSampleFile(name));

  it.each([
    ['basic profile', false, false],
    ['retain UIDs', true, false],
    ['modified dates', false, true],
  ])('%s', (_label, retainUids, modifiedDates) => {
    const r = applyModifications(
      DicomFile.parse(readSampleFile(name), { headerOnly: true }),
      [{ action: 'deidentify', retain_uids: retainUids, retain_longitudinal_modified_dates: modifiedDates }],
      OPTIONS,
    );
    expect(r.changed).toBe(true);
    const out = DicomFile.parse(r.output ?? Buffer.alloc(0));
    expect(out.string(0x00120062)).toBe('YES');
    const options = { retainUids, shiftDays: modifiedDates ? -1 : undefined, uidSecret: 'x' };
    for (const el of original.elements) {
      const tag = el.tag;
      const after = out.element(tag);
      const label = `${name} ${tag.toString(16).padStart(8, '0')}`;
      if ((tag >>> 16) % 2 === 1 || isRemovedRepeatingGroup(tag)) {
        expect({ label, present: after !== undefined }).toEqual({ label, present: false });
        continue;
      }
      if ((tag & 0xffff) === 0) continue; // group lengths follow their group
      if (tag === 0x00120062 || tag === 0x00120063 || tag === 0x00280303) continue; // written by the profile itself
      const vr = el.vr === 'UN' ? dictionaryVr(tag) : el.vr;
      const before = valuesOf(original, tag) ?? [];
      const action = effectiveAction(PROFILE_TABLE.get(tag), vr, el.items !== undefined, options);
      switch (action) {
        case 'remove':
          expect({ label, present: after !== undefined }).toEqual({ label, present: false });
          break;
        case 'empty':
          expect({ label, length: after?.valueLength }).toEqual({ label, length: 0 });
          break;
        case 'dummy':
          expect({ label, present: after !== undefined }).toEqual({ label, present: true });
          break;
        case 'uid': {
          const v = valuesOf(out, tag) ?? [];
          v.forEach((uid, i) => {
            if (before[i]) expect({ label, uid }).toEqual({ label, uid: expect.stringMatching(/^2\.25\.\d+$/) });
          });
          break;
        }
        case 'shift':
          if (before[0] && /^\d{8}/.test(before[0]))
            expect({ label, same: valuesOf(out, tag)?.[0] === before[0] }).toEqual({ label, same: false });
          break;
        case 'keep':
          if (tag !== 0x00080005 && tag < 0x7fe00000) {
            expect({
              label,
              same: out.dataset
                .subarray(after?.headerOffset, after?.end)
                .equals(original.dataset.subarray(el.headerOffset, el.end)),
            }).toEqual({ label, same: true });
          }
          break;
        case 'recurse':
          expect({ label, present: after !== undefined }).toEqual({ label, present: true });
          break;
        case 'uid' as never:
          break;
      }
    }
    // MediaStorageSOPInstanceUID follows SOPInstanceUID
    if (original.layout.meta.mediaStorageSopInstanceUid && !retainUids) {
      expect(out.layout.meta.mediaStorageSopInstanceUid).toMatch(/^2\.25\./);
      if (out.string(0x00080018)) expect(out.layout.meta.mediaStorageSopInstanceUid).toBe(out.string(0x00080018));
    }
  });
});

it('is consistent across instances: same input UID, same output UID', () => {
  const a = applyModifications(
    DicomFile.parse(readSampleFile('ct-explicit-le.dcm')),
    [{ action: 'deidentify' }],
    OPTIONS,
  );
  const b = applyModifications(
    DicomFile.parse(readSampleFile('ct-explicit-le.dcm')),
    [{ action: 'deidentify' }],
    OPTIONS,
  );
  expect(DicomFile.parse(a.output ?? Buffer.alloc(0)).string(0x0020000d)).toBe(
    DicomFile.parse(b.output ?? Buffer.alloc(0)).string(0x0020000d),
  );
});
