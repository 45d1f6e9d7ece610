import { DicomFile } from '@axiom/dicom-io';
import { readSampleFile } from '@axiom/dicom-io/testing';
import type { RulesetDefinition } from '@axiom/domain';
import { dryRunFile } from './file-dry-run';
import { processJson } from './process-json';

const rulesets: RulesetDefinition[] = [
  {
    id: 7,
    name: 'CT routing',
    isActive: true,
    priority: 0,
    executionMode: 'FIRST_MATCH',
    rules: [
      {
        id: 1,
        name: 'MR only',
        isActive: true,
        priority: 0,
        matchCriteria: [{ tag: 'Modality', op: 'eq', value: 'MR' }],
        associationCriteria: [],
        tagModifications: [],
        applicableSources: null,
        destinationIds: [100],
      },
      {
        id: 2,
        name: 'CT anonymise',
        isActive: true,
        priority: 1,
        matchCriteria: [
          { all: [{ tag: 'Modality', op: 'eq', value: 'CT' }, { not: { tag: 'PatientName', op: 'not_exists' } }] },
        ],
        associationCriteria: [],
        applicableSources: null,
        destinationIds: [200, 201],
        tagModifications: [
          { action: 'set', tag: 'PatientName', value: 'Anon^Ymous' },
          { action: 'set', tag: 'InstitutionName', value: 'Zürich' },
        ],
      },
      {
        id: 3,
        name: 'never reached (FIRST_MATCH)',
        isActive: true,
        priority: 2,
        matchCriteria: [],
        associationCriteria: [],
        tagModifications: [],
        applicableSources: null,
        destinationIds: [300],
      },
    ],
  },
];

const DICOM_JSON = {
  '00080060': { vr: 'CS', Value: ['CT'] },
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^John', Ideographic: '山田^太郎' }] },
  '00200011': { vr: 'IS', Value: [3] },
  '00081110': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.3'] } }] },
};

describe('processJson', () => {
  it('matches and morphs a DICOM JSON object per the contract', () => {
    const r = processJson({ dicomJson: DICOM_JSON, rulesets });
    expect(r.errors).toEqual([]);
    expect(r.applied_ruleset_id).toBe(7);
    expect(r.applied_rule_ids).toEqual([2]);
    expect(r.source_identifier).toBe('api_json');
    expect(r.original_json).toBe(DICOM_JSON);
    expect(r.morphed_json?.['00100010']).toEqual({ vr: 'PN', Value: [{ Alphabetic: 'Anon^Ymous' }] });
    expect(r.morphed_json?.['00080080']).toEqual({ vr: 'LO', Value: ['Zürich'] });
    expect(r.morphed_json?.['00200011']).toEqual({ vr: 'IS', Value: [3] });
    expect(r.morphed_json?.['00081110']).toEqual({ vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.3'] } }] });
    expect(r.morphed_json?.['00080005']).toBeUndefined();
  });

  it.each<[unknown, RegExp]>([
    [{ nothex: { vr: 'CS' } }, /8 hex digits/],
    [{ '00100010': { Value: ['x'] } }, /needs a "vr"/],
  ])('reports invalid input %j', (json, message) => {
    const r = processJson({ dicomJson: json, rulesets });
    if (r.errors.length) expect(r.errors.join()).toMatch(message);
    else expect(r.warnings.join()).toMatch(message);
  });

  it('restricts to one ruleset and reports an unknown one', () => {
    expect(processJson({ dicomJson: DICOM_JSON, rulesets, rulesetId: 99 }).errors).toEqual(['ruleset 99 not found']);
  });
});

describe('dryRunFile', () => {
  it('explains each rule and criterion, lists destinations and the diff', () => {
    const file = DicomFile.parse(readSampleFile('ct-explicit-le.dcm'), { headerOnly: true });
    const r = dryRunFile({ file, rulesets, origin: { sourceName: 'ct-listener', peerAddress: '10.0.0.1' } });
    const rules = r.rulesets[0]?.rules ?? [];
    expect(rules.map((x) => [x.ruleId, x.matched, x.skipped])).toEqual([
      [1, false, undefined],
      [2, true, undefined],
      [3, false, 'first_match_already_found'],
    ]);
    expect(rules[0]?.matchCriteria[0]).toEqual({
      criterion: { tag: 'Modality', op: 'eq', value: 'MR' },
      held: false,
      actual: ['CT'],
    });
    expect(rules[1]?.matchCriteria[0]?.parts?.[1]?.parts?.[0]?.held).toBe(false);
    expect(r.destinationIds).toEqual([200, 201]);
    expect(r.diff.map((c) => c.keyword)).toEqual(['PatientName', 'InstitutionName']);
    expect(r.diff[0]?.after).toEqual(['Anon^Ymous']);
  });
});
