import { describe, expect, it } from 'vitest';
import { dicomJsonDiff } from './json-diff';

describe('DICOM JSON diff of a dry run', () => {
  it('lists the attributes set, changed and removed, and nothing that stayed', () => {
    const before = {
      '00080060': { vr: 'CS', Value: ['CT'] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
      '00100030': { vr: 'DA', Value: ['19700101'] },
    };
    const after = {
      '00080060': { vr: 'CS', Value: ['CT'] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'ANONYMOUS' }] },
      '00080080': { vr: 'LO', Value: ['Research PACS'] },
    };
    expect(dicomJsonDiff(before, after)).toEqual([
      { tag: '(0008,0080)', before: null, after: ['Research PACS'] },
      { tag: '(0010,0010)', before: ['Doe^Jane'], after: ['ANONYMOUS'] },
      { tag: '(0010,0030)', before: ['19700101'], after: null },
    ]);
  });

  it('reports a changed sequence as a whole, and no change as none', () => {
    const seq = (uid: string) => ({ '00081115': { vr: 'SQ', Value: [{ '0020000E': { vr: 'UI', Value: [uid] } }] } });
    expect(dicomJsonDiff(seq('1.2.3'), seq('2.25.9'))).toEqual([
      { tag: '(0008,1115)', before: ['(sequence of 1 item(s))'], after: ['(sequence of 1 item(s))'] },
    ]);
    expect(dicomJsonDiff(seq('1.2.3'), seq('1.2.3'))).toEqual([]);
  });
});
