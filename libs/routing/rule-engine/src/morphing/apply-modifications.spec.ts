import { DicomFile } from '@axiom/dicom-io';
import type { TagModification } from '@axiom/domain';
import { buildFile, SpecElement } from '../testing/dataset-builder';
import { applyModifications } from './apply-modifications';

const BASE: SpecElement[] = [
  { tag: 'SpecificCharacterSet', vr: 'CS', values: ['ISO_IR 100'] },
  { tag: 'PatientName', vr: 'PN', values: ['Doe^John'] },
  { tag: 'PatientID', vr: 'LO', values: ['PID001'] },
  { tag: 'StudyDate', vr: 'DA', values: ['20240315'] },
  { tag: 'AcquisitionDateTime', vr: 'DT', values: ['20240315143000'] },
  { tag: 'StudyInstanceUID', vr: 'UI', values: ['1.2.3.4'] },
  { tag: 'Modality', vr: 'CS', values: ['CT'] },
  { tag: 'InstitutionName', vr: 'LO', values: ['General'] },
  { tag: 'Rows', vr: 'US', values: ['512'] },
  {
    tag: 'ReferencedStudySequence',
    vr: 'SQ',
    items: [
      [{ tag: 'ReferencedSOPInstanceUID', vr: 'UI', values: ['1.2.3.100'] }],
      [{ tag: 'ReferencedSOPInstanceUID', vr: 'UI', values: ['1.2.3.200'] }],
    ],
  },
  {
    tag: 'ReferencedSeriesSequence',
    vr: 'SQ',
    undefinedLength: true,
    items: [[{ tag: 'SeriesInstanceUID', vr: 'UI', values: ['1.2.3.300'] }]],
  },
  { tag: 0x00090010, vr: 'LO', values: ['VENDOR A'] },
  { tag: 0x00091001, vr: 'LO', values: ['secret'] },
];

const OPTIONS = { uidSecret: 'uid-secret', dateShiftSecret: 'date-secret' };

function morph(mods: TagModification[], syntax: 'explicit-le' | 'implicit-le' | 'explicit-be' = 'explicit-le') {
  const result = applyModifications(buildFile(BASE, syntax), mods, OPTIONS);
  const out = result.output ? DicomFile.parse(result.output) : undefined;
  return { result, out };
}

const str = (f: DicomFile | undefined, path: string): string[] | undefined => {
  if (!f) return undefined;
  const tags: Record<string, number> = {
    PatientName: 0x00100010,
    PatientID: 0x00100020,
    StudyDate: 0x00080020,
    AcquisitionDateTime: 0x0008002a,
    StudyInstanceUID: 0x0020000d,
    Modality: 0x00080060,
    InstitutionName: 0x00080080,
    Rows: 0x00280010,
    OtherPatientIDs: 0x00101000,
    StationName: 0x00081010,
    AccessionNumber: 0x00080050,
    SpecificCharacterSet: 0x00080005,
    PatientComments: 0x00104000,
  };
  const tag = tags[path];
  return tag === undefined ? undefined : f.strings(tag);
};

describe.each(['explicit-le', 'implicit-le', 'explicit-be'] as const)('actions in %s', (syntax) => {
  it.each<[string, TagModification[], string, string[]]>([
    ['set existing', [{ action: 'set', tag: 'PatientName', value: 'Anon^Ymous' }], 'PatientName', ['Anon^Ymous']],
    ['set creates', [{ action: 'set', tag: 'StationName', value: 'CT01' }], 'StationName', ['CT01']],
    ['set multi-valued', [{ action: 'set', tag: 'OtherPatientIDs', value: ['A', 'B'] }], 'OtherPatientIDs', ['A', 'B']],
    ['set numeric US', [{ action: 'set', tag: 'Rows', value: 256 }], 'Rows', ['256']],
    [
      'set with explicit VR',
      [{ action: 'set', tag: 'AccessionNumber', value: 'ACC1', vr: 'SH' }],
      'AccessionNumber',
      ['ACC1'],
    ],
    ['delete', [{ action: 'delete', tag: 'PatientName' }], 'PatientName', []],
    ['prepend', [{ action: 'prepend', tag: 'PatientID', value: 'X-' }], 'PatientID', ['X-PID001']],
    [
      'suffix',
      [{ action: 'suffix', tag: 'InstitutionName', value: ' (routed)' }],
      'InstitutionName',
      ['General (routed)'],
    ],
    [
      'regex_replace \\1',
      [{ action: 'regex_replace', tag: 'PatientName', pattern: '^(\\w+)\\^(\\w+)$', replacement: '\\2^\\1' }],
      'PatientName',
      ['John^Doe'],
    ],
    [
      'regex_replace $1',
      [{ action: 'regex_replace', tag: 'PatientID', pattern: 'PID(\\d+)', replacement: 'P$1' }],
      'PatientID',
      ['P001'],
    ],
    [
      'copy',
      [{ action: 'copy', source_tag: 'PatientID', destination_tag: 'OtherPatientIDs' }],
      'OtherPatientIDs',
      ['PID001'],
    ],
    [
      'move (destination)',
      [{ action: 'move', source_tag: 'PatientID', destination_tag: 'OtherPatientIDs' }],
      'OtherPatientIDs',
      ['PID001'],
    ],
    [
      'move (source gone)',
      [{ action: 'move', source_tag: 'PatientID', destination_tag: 'OtherPatientIDs' }],
      'PatientID',
      [],
    ],
    [
      'in order',
      [
        { action: 'set', tag: 'PatientID', value: 'NEW' },
        { action: 'suffix', tag: 'PatientID', value: '2' },
      ],
      'PatientID',
      ['NEW2'],
    ],
    ['shift_date DA', [{ action: 'shift_date', tag: 'StudyDate', max_days: 1 }], 'StudyDate', ['20240314']],
    [
      'shift_date DT keeps time',
      [{ action: 'shift_date', tag: 'AcquisitionDateTime', max_days: 1 }],
      'AcquisitionDateTime',
      ['20240314143000'],
    ],
    [
      'non-ASCII in ISO_IR 100',
      [{ action: 'set', tag: 'InstitutionName', value: 'Zürich' }],
      'InstitutionName',
      ['Zürich'],
    ],
    [
      'non-ASCII beyond Latin-1',
      [{ action: 'set', tag: 'InstitutionName', value: '東京' }],
      'SpecificCharacterSet',
      ['ISO_IR 192'],
    ],
  ])('%s', (_what, mods, keyword, expected) => {
    const { result, out } = morph(mods, syntax);
    expect(result.changed).toBe(true);
    expect(str(out, keyword)).toEqual(expected);
  });

  it('switching to UTF-8 keeps other non-ASCII values readable and says so', () => {
    const file = buildFile(
      [...BASE.filter((e) => e.tag !== 'PatientName'), { tag: 'PatientName', vr: 'PN', values: ['Müller^Jürgen'] }],
      syntax,
    );
    const result = applyModifications(file, [{ action: 'set', tag: 'InstitutionName', value: '東京' }]);
    const out = DicomFile.parse(result.output ?? Buffer.alloc(0));
    expect(out.strings(0x00100010)).toEqual(['Müller^Jürgen']);
    expect(out.strings(0x00080080)).toEqual(['東京']);
    expect(result.warnings.join()).toMatch(/ISO_IR 192/);
    expect(result.changes.map((c) => c.keyword)).toEqual(
      expect.arrayContaining(['SpecificCharacterSet', 'InstitutionName']),
    );
  });

  it('sets elements inside sequences by index and wildcard', () => {
    const { result, out } = morph(
      [
        { action: 'set', tag: 'ReferencedStudySequence[1].ReferencedSOPInstanceUID', value: '9.9' },
        { action: 'set', tag: 'ReferencedSeriesSequence[*].SeriesInstanceUID', value: '8.8' },
      ],
      syntax,
    );
    expect(result.changes.map((c) => c.tag)).toEqual(['(0008,1110)[1].(0008,1155)', '(0008,1115)[0].(0020,000E)']);
    const items = (tag: number): string[] =>
      (out?.element(tag)?.items ?? []).map(
        (it) =>
          out?.dataset.toString('latin1', it.elements[0]?.valueOffset, it.elements[0]?.end).replace(/\0/g, '') ?? '',
      );
    expect(items(0x00081110)).toEqual(['1.2.3.100', '9.9']);
    expect(items(0x00081115)).toEqual(['8.8']);
  });

  it('sets and deletes private elements by creator, allocating a block when needed', () => {
    const { result, out } = morph(
      [
        { action: 'set', tag: '(0009,"VENDOR A",01)', value: 'changed', vr: 'LO' },
        { action: 'set', tag: '(0009,"AXIOM",10)', value: 'routed', vr: 'LO' },
      ],
      syntax,
    );
    expect(result.warnings).toEqual([]);
    expect(out?.strings(0x00090011)).toEqual(['AXIOM']);
    expect(
      out?.dataset.toString('latin1', out.element(0x00091110)?.valueOffset, out.element(0x00091110)?.end).trim(),
    ).toBe('routed');
    expect(
      out?.dataset.toString('latin1', out.element(0x00091001)?.valueOffset, out.element(0x00091001)?.end).trim(),
    ).toBe('changed');
    const del = morph([{ action: 'delete', tag: '(0009,"VENDOR A",01)' }], syntax);
    expect(del.out?.element(0x00091001)).toBeUndefined();
  });

  it('hash_uid is keyed and consistent', () => {
    const a = morph([{ action: 'hash_uid', tag: 'StudyInstanceUID' }], syntax);
    const b = morph([{ action: 'hash_uid', tag: 'StudyInstanceUID' }], syntax);
    const uid = str(a.out, 'StudyInstanceUID')?.[0] ?? '';
    expect(uid).toMatch(/^2\.25\.\d{1,39}$/);
    expect(str(b.out, 'StudyInstanceUID')?.[0]).toBe(uid);
    const other = applyModifications(buildFile(BASE, syntax), [{ action: 'hash_uid', tag: 'StudyInstanceUID' }], {
      uidSecret: 'another',
    });
    expect(DicomFile.parse(other.output ?? Buffer.alloc(0)).strings(0x0020000d)[0]).not.toBe(uid);
  });

  it('changing SOPInstanceUID updates MediaStorageSOPInstanceUID in the meta', () => {
    const { out } = morph([{ action: 'hash_uid', tag: 'SOPInstanceUID' }], syntax);
    expect(out?.layout.meta.mediaStorageSopInstanceUid).toBe(out?.strings(0x00080018)[0]);
    expect(out?.layout.meta.mediaStorageSopInstanceUid).toMatch(/^2\.25\./);
  });

  it.each<[string, TagModification[], RegExp]>([
    ['value too long for VR', [{ action: 'set', tag: 'StationName', value: 'X'.repeat(17) }], /longer than 16/],
    ['bad date', [{ action: 'set', tag: 'StudyDate', value: 'tomorrow' }], /VR DA/],
    ['hash_uid without secret', [{ action: 'hash_uid', tag: 'StudyInstanceUID' }], /no UID secret/],
    ['hash_uid on a non-UI', [{ action: 'hash_uid', tag: 'PatientName' }], /needs a UI element/],
  ])('warns and leaves the instance unchanged: %s', (what, mods, warning) => {
    const result = applyModifications(buildFile(BASE, syntax), mods, what.includes('without secret') ? {} : OPTIONS);
    expect(result.changed).toBe(false);
    expect(result.output).toBeNull();
    expect(result.warnings.join()).toMatch(warning);
  });

  it.each<[string, TagModification[]]>([
    ['delete of a missing element', [{ action: 'delete', tag: 'PatientComments' }]],
    ['set to the same value', [{ action: 'set', tag: 'Modality', value: 'CT' }]],
    ['prepend on a missing element', [{ action: 'prepend', tag: 'PatientComments', value: 'x' }]],
    ['regex that does not match', [{ action: 'regex_replace', tag: 'PatientID', pattern: '^ZZZ', replacement: '' }]],
    ['copy of a missing element', [{ action: 'copy', source_tag: 'PatientComments', destination_tag: 'StationName' }]],
  ])('does not re-write an unchanged instance: %s', (_what, mods) => {
    const result = applyModifications(buildFile(BASE, syntax), mods, OPTIONS);
    expect(result).toEqual({ changed: false, output: null, changes: [], warnings: [] });
  });
});
