import { TagPathError, parseTagPath, parseTagRef } from './tag-path';

describe('parseTagRef', () => {
  it.each([
    ['PatientName', 0x00100010],
    ['(0010,0010)', 0x00100010],
    ['0010,0010', 0x00100010],
    ['00100010', 0x00100010],
    [' ( 0010 , 0010 ) ', 0x00100010],
    ['(7fe0,0010)', 0x7fe00010],
    ['StudyInstanceUID', 0x0020000d],
  ])('%s -> %s', (text, tag) => {
    expect(parseTagRef(text)).toEqual({ kind: 'tag', tag });
  });

  it.each([
    ['(0009,"GEMS_IDEN_01",10)', 0x0009, 'GEMS_IDEN_01', 0x10],
    ['(0029,"SIEMENS CT VA0  COAD",10)', 0x0029, 'SIEMENS CT VA0  COAD', 0x10],
    ['0043,"GEMS_PARM_01",xx2a', 0x0043, 'GEMS_PARM_01', 0x2a],
    ['(0019,"A.B.C",1010)', 0x0019, 'A.B.C', 0x10],
  ])('private %s', (text, group, creator, elementByte) => {
    expect(parseTagRef(text)).toEqual({ kind: 'private', group, creator, elementByte });
  });

  it.each([
    ['PatientNmae', /unknown DICOM keyword/],
    ['(0010,00G0)', /is not a tag/],
    ['0010,001', /is not a tag/],
    ['(0008,"X",10)', /odd group/],
    ['(0009,"",10)', /not be empty/],
    ['', /is not a tag/],
  ])('refuses %j', (text, message) => {
    expect(() => parseTagRef(text)).toThrow(message);
  });
});

describe('parseTagPath', () => {
  it('reads sequence paths with indexes and wildcards', () => {
    const p = parseTagPath('ReferencedStudySequence[0].ReferencedSOPInstanceUID');
    expect(p.segments).toEqual([
      { ref: { kind: 'tag', tag: 0x00081110 }, item: 0 },
      { ref: { kind: 'tag', tag: 0x00081155 }, item: '*' },
    ]);
    expect(parseTagPath('(0008,1115)[*].(0008,1140)[2].ReferencedSOPClassUID').segments.map((s) => s.item)).toEqual([
      '*',
      2,
      '*',
    ]);
  });

  it('keeps dots inside private creators', () => {
    const p = parseTagPath('(0009,"A.B",10)[1].PatientID');
    expect(p.segments[0]?.ref).toEqual({ kind: 'private', group: 9, creator: 'A.B', elementByte: 0x10 });
  });

  it('refuses an index on the last segment', () => {
    expect(() => parseTagPath('ReferencedStudySequence[0]')).toThrow(TagPathError);
  });
});
