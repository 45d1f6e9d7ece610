import { buildFile, SpecElement } from '../testing/dataset-builder';
import { InstanceView } from './instance-view';
import { compileCriterion, evaluateCompiled } from './criteria';
import type { TagCriterion } from '@axiom/domain';

/** One element per VR family, as a modality would send them. */
const ELEMENTS: SpecElement[] = [
  { tag: 'Modality', vr: 'CS', values: ['CT'] },
  { tag: 'ImageType', vr: 'CS', values: ['ORIGINAL', 'PRIMARY', 'AXIAL'] },
  { tag: 'PatientName', vr: 'PN', values: ['Doe^John'] },
  { tag: 'OtherPatientNames', vr: 'PN', values: ['Roe^Jane', 'Poe^Edgar'] },
  { tag: 'InstitutionName', vr: 'LO', values: ['General Hospital'] },
  { tag: 'StationName', vr: 'SH', values: ['CT01 '] },
  { tag: 'SeriesNumber', vr: 'IS', values: ['12'] },
  { tag: 'SliceThickness', vr: 'DS', values: ['2.50'] },
  { tag: 'ImagePositionPatient', vr: 'DS', values: ['-125', '-130.5', '50'] },
  { tag: 'Rows', vr: 'US', values: ['512'] },
  { tag: 'StudyDate', vr: 'DA', values: ['20240315'] },
  { tag: 'StudyTime', vr: 'TM', values: ['143012.5'] },
  { tag: 'AcquisitionDateTime', vr: 'DT', values: ['20240315143012'] },
  { tag: 'SamplesPerPixel', vr: 'US', values: ['1'] },
  { tag: 'SpacingBetweenSlices', vr: 'DS', values: ['1e1'] },
  { tag: 'RecommendedDisplayFrameRateInFloat', vr: 'FL', values: ['2.5'] },
  { tag: 'AcquisitionDuration', vr: 'FD', values: ['10.25'] },
  { tag: 'StudyInstanceUID', vr: 'UI', values: ['1.2.840.113619.2.55'] },
  {
    tag: 'ReferencedStudySequence',
    vr: 'SQ',
    items: [
      [{ tag: 'ReferencedSOPInstanceUID', vr: 'UI', values: ['1.2.3.100'] }],
      [{ tag: 'ReferencedSOPInstanceUID', vr: 'UI', values: ['1.2.3.200'] }],
    ],
  },
  { tag: 0x00090010, vr: 'LO', values: ['GEMS_IDEN_01'] },
  { tag: 0x00091001, vr: 'LO', values: ['GE_GENESIS_FF'] },
];

const view = new InstanceView(buildFile(ELEMENTS));
const run = (c: TagCriterion): boolean => evaluateCompiled(compileCriterion(c), view);

type Row = [string, string, string, unknown, boolean, boolean?];
/** Rows without the case flag get `false`, so every row has the same arity (jest reads a missing one as `done`). */
const rows = (list: Row[]): [string, string, string, unknown, boolean, boolean][] =>
  list.map(([a, b, c, d, e, f]) => [a, b, c, d, e, f ?? false]);

describe('tag operators by VR family', () => {
  it.each(
    rows([
      // CS / multi-valued
      ['CS', 'Modality', 'eq', 'CT', true],
      ['CS', 'Modality', 'eq', 'ct', false],
      ['CS ci', 'Modality', 'eq', 'ct', true, true],
      ['CS', 'Modality', 'ne', 'MR', true],
      ['CS multi any', 'ImageType', 'eq', 'PRIMARY', true],
      ['CS multi joined', 'ImageType', 'eq', 'ORIGINAL\\PRIMARY\\AXIAL', true],
      ['CS multi', 'ImageType', 'ne', 'PRIMARY', false],
      ['CS', 'Modality', 'in', ['MR', 'CT'], true],
      ['CS', 'Modality', 'not_in', ['MR', 'US'], true],
      ['CS ci', 'Modality', 'in', ['mr', 'ct'], true, true],
      ['CS', 'ImageType', 'contains', 'IMAR', true],
      ['CS', 'ImageType', 'startswith', 'AX', true],
      ['CS', 'ImageType', 'endswith', 'ARY', true],
      ['CS', 'Modality', 'regex', '^(CT|MR)$', true],
      ['CS', 'Modality', 'regex', '^ct$', false],
      ['CS ci', 'Modality', 'regex', '^ct$', true, true],
      ['CS', 'Modality', 'exists', undefined, true],
      ['CS', 'Modality', 'not_exists', undefined, false],
      // PN, LO, SH
      ['PN', 'PatientName', 'eq', 'Doe^John', true],
      ['PN', 'PatientName', 'startswith', 'Doe^', true],
      ['PN multi', 'OtherPatientNames', 'eq', 'Poe^Edgar', true],
      ['PN', 'PatientName', 'contains', 'john', false],
      ['PN ci', 'PatientName', 'contains', 'john', true, true],
      ['LO', 'InstitutionName', 'contains', 'Hospital', true],
      ['LO', 'InstitutionName', 'gt', 'A', true],
      ['SH padding', 'StationName', 'eq', 'CT01', true],
      ['SH padding in rule', 'StationName', 'eq', 'CT01  ', true],
      // numbers
      ['IS', 'SeriesNumber', 'gt', 9, true],
      ['IS numeric not lexical', 'SeriesNumber', 'gt', '9', true],
      ['IS', 'SeriesNumber', 'le', 12, true],
      ['IS', 'SeriesNumber', 'lt', 12, false],
      ['IS', 'SeriesNumber', 'eq', '012', true],
      ['DS', 'SliceThickness', 'eq', 2.5, true],
      ['DS', 'SliceThickness', 'ge', '2.5', true],
      ['DS exponent', 'SpacingBetweenSlices', 'eq', 10, true],
      ['DS multi', 'ImagePositionPatient', 'lt', -130, true],
      ['DS multi', 'ImagePositionPatient', 'gt', 100, false],
      ['US', 'Rows', 'ge', 512, true],
      ['US', 'Rows', 'gt', 512, false],
      ['US', 'Rows', 'in', [256, 512], true],
      ['FL', 'RecommendedDisplayFrameRateInFloat', 'gt', 2, true],
      ['FD', 'AcquisitionDuration', 'lt', 10.5, true],
      // dates and times
      ['DA', 'StudyDate', 'gt', '20240101', true],
      ['DA', 'StudyDate', 'lt', '20240101', false],
      ['DA vs DT value', 'StudyDate', 'lt', '20240315120000', true],
      ['DA vs partial', 'StudyDate', 'ge', '2024', true],
      ['DA eq', 'StudyDate', 'eq', '20240315', true],
      ['DA ACR-NEMA form', 'StudyDate', 'eq', '2024.03.15', true],
      ['TM partial', 'StudyTime', 'gt', '1430', true],
      ['TM partial', 'StudyTime', 'lt', '1431', true],
      ['TM colon', 'StudyTime', 'ge', '14:30:12', true],
      ['DT', 'AcquisitionDateTime', 'gt', '20240315', true],
      ['DT', 'AcquisitionDateTime', 'le', '20240315143012.000', true],
      // UI, sequences, private
      ['UI', 'StudyInstanceUID', 'startswith', '1.2.840.113619.', true],
      ['SQ [*]', 'ReferencedStudySequence[*].ReferencedSOPInstanceUID', 'eq', '1.2.3.200', true],
      ['SQ [0]', 'ReferencedStudySequence[0].ReferencedSOPInstanceUID', 'eq', '1.2.3.200', false],
      ['SQ [1]', 'ReferencedStudySequence[1].ReferencedSOPInstanceUID', 'eq', '1.2.3.200', true],
      ['SQ exists', 'ReferencedStudySequence', 'exists', undefined, true],
      ['private by creator', '(0009,"GEMS_IDEN_01",01)', 'eq', 'GE_GENESIS_FF', true],
      ['private wrong creator', '(0009,"OTHER",01)', 'exists', undefined, false],
      ['private by number', '(0009,1001)', 'startswith', 'GE_', true],
      // absent elements
      ['absent', 'PatientID', 'eq', 'X', false],
      ['absent', 'PatientID', 'ne', 'X', true],
      ['absent', 'PatientID', 'not_exists', undefined, true],
      ['absent', 'PatientID', 'not_in', ['X'], true],
      ['absent', 'PatientID', 'gt', '1', false],
    ]),
  )('%s: %s %s %j -> %s', (_family, tag, op, value, expected, ci) => {
    expect(run({ tag, op: op as TagCriterion['op'], value, case_insensitive: ci })).toBe(expected);
  });
});

describe('composition', () => {
  it.each([
    [
      {
        all: [
          { tag: 'Modality', op: 'eq', value: 'CT' },
          { tag: 'Rows', op: 'eq', value: 512 },
        ],
      },
      true,
    ],
    [
      {
        all: [
          { tag: 'Modality', op: 'eq', value: 'CT' },
          { tag: 'Rows', op: 'eq', value: 1 },
        ],
      },
      false,
    ],
    [
      {
        any: [
          { tag: 'Modality', op: 'eq', value: 'MR' },
          { tag: 'Rows', op: 'eq', value: 512 },
        ],
      },
      true,
    ],
    [{ not: { tag: 'Modality', op: 'eq', value: 'MR' } }, true],
    [
      {
        not: {
          any: [
            { tag: 'Modality', op: 'eq', value: 'CT' },
            { tag: 'Rows', op: 'eq', value: 1 },
          ],
        },
      },
      false,
    ],
  ])('%j -> %s', (criterion, expected) => {
    expect(evaluateCompiled(compileCriterion(criterion as never), view)).toBe(expected);
  });
});

describe('regex safety', () => {
  it('runs a catastrophic-backtracking pattern in linear time (RE2)', () => {
    const long = buildFile([{ tag: 'StudyDescription', vr: 'LO', values: ['a'.repeat(64)] }]);
    const started = Date.now();
    const v = new InstanceView(long);
    expect(evaluateCompiled(compileCriterion({ tag: 'StudyDescription', op: 'regex', value: '^(a+)+$b' }), v)).toBe(
      false,
    );
    expect(evaluateCompiled(compileCriterion({ tag: 'StudyDescription', op: 'regex', value: '(a|aa)+c' }), v)).toBe(
      false,
    );
    expect(Date.now() - started).toBeLessThan(500);
  });
});
