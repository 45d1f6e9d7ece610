import { validateRuleInput } from './validate-rule-input';

describe('validateRuleInput', () => {
  it('accepts a complete valid rule', () => {
    expect(
      validateRuleInput({
        match_criteria: [
          { tag: 'Modality', op: 'in', value: ['CT', 'MR'] },
          { tag: '(0020,0011)', op: 'gt', value: 3 },
          { tag: 'StudyDate', op: 'ge', value: '20240101' },
          { tag: 'StudyTime', op: 'lt', value: '1430' },
          {
            any: [
              { tag: 'PatientName', op: 'regex', value: '^ANON', case_insensitive: true },
              { not: { tag: 'PatientID', op: 'exists' } },
            ],
          },
          { tag: 'ReferencedStudySequence[*].ReferencedSOPInstanceUID', op: 'startswith', value: '1.2' },
          { tag: '(0009,"GEMS_IDEN_01",01)', op: 'eq', value: 'X' },
        ],
        association_criteria: [
          { parameter: 'SOURCE_IP', op: 'ip_in_subnet', value: '10.0.0.0/8' },
          { parameter: 'CALLING_AE_TITLE', op: 'eq', value: 'CT1' },
        ],
        tag_modifications: [
          { action: 'set', tag: 'InstitutionName', value: 'Zürich' },
          { action: 'set', tag: '(0009,"AXIOM",10)', value: 'routed', vr: 'LO' },
          { action: 'regex_replace', tag: 'PatientName', pattern: '^(\\w+)\\^(\\w+)$', replacement: '\\2 $1' },
          { action: 'copy', source_tag: 'PatientID', destination_tag: 'OtherPatientIDs' },
          { action: 'hash_uid', tag: 'StudyInstanceUID' },
          { action: 'shift_date', tag: 'StudyDate', max_days: 30 },
          { action: 'deidentify', retain_uids: true },
        ],
        applicable_sources: ['ct-listener'],
      }),
    ).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    [
      'unknown keyword',
      { match_criteria: [{ tag: 'PatientNmae', op: 'eq', value: 'x' }] },
      'match_criteria[0].tag',
      /unknown DICOM keyword/,
    ],
    [
      'malformed tag',
      { match_criteria: [{}, {}, { tag: '(0010,001G)', op: 'eq', value: 'x' }] },
      'match_criteria[2].tag',
      /is not a tag/,
    ],
    [
      'unknown operator',
      { match_criteria: [{ tag: 'Modality', op: 'like', value: 'x' }] },
      'match_criteria[0].op',
      /unknown operator/,
    ],
    [
      'bad regex',
      { match_criteria: [{ tag: 'Modality', op: 'regex', value: '(' }] },
      'match_criteria[0].value',
      /invalid regular expression/,
    ],
    [
      'backreference (not RE2)',
      { match_criteria: [{ tag: 'Modality', op: 'regex', value: '(a)\\1' }] },
      'match_criteria[0].value',
      /invalid regular expression/,
    ],
    [
      'list for a scalar op',
      { match_criteria: [{ tag: 'Modality', op: 'eq', value: ['CT'] }] },
      'match_criteria[0].value',
      /single value, not a list/,
    ],
    [
      'scalar for in',
      { match_criteria: [{ tag: 'Modality', op: 'in', value: 'CT' }] },
      'match_criteria[0].value',
      /list of values/,
    ],
    [
      'object in a list',
      { match_criteria: [{ tag: 'Modality', op: 'in', value: ['CT', {}] }] },
      'match_criteria[0].value[1]',
      /string or a number/,
    ],
    ['missing value', { match_criteria: [{ tag: 'Modality', op: 'eq' }] }, 'match_criteria[0].value', /needs a value/],
    [
      'wrong type for numeric gt',
      { match_criteria: [{ tag: 'SeriesNumber', op: 'gt', value: 'ten' }] },
      'match_criteria[0].value',
      /not a number/,
    ],
    [
      'wrong type for date gt',
      { match_criteria: [{ tag: 'StudyDate', op: 'gt', value: 'yesterday' }] },
      'match_criteria[0].value',
      /not a date/,
    ],
    [
      'wrong type for time lt',
      { match_criteria: [{ tag: 'StudyTime', op: 'lt', value: '2500' }] },
      'match_criteria[0].value',
      /not a time/,
    ],
    [
      'ip op on a tag',
      { match_criteria: [{ tag: 'StationName', op: 'ip_eq', value: '1.2.3.4' }] },
      'match_criteria[0].op',
      /SOURCE_IP/,
    ],
    [
      'nested path',
      { match_criteria: [{ all: [{ any: [{ tag: 'Nope', op: 'exists' }] }] }] },
      'match_criteria[0].all[0].any[0].tag',
      /unknown DICOM keyword/,
    ],
    ['empty all', { match_criteria: [{ all: [] }] }, 'match_criteria[0].all', /non-empty/],
    [
      'case flag type',
      { match_criteria: [{ tag: 'Modality', op: 'eq', value: 'CT', case_insensitive: 'yes' }] },
      'match_criteria[0].case_insensitive',
      /true or false/,
    ],
    ['not a list', { match_criteria: { tag: 'Modality' } }, 'match_criteria', /list of criteria/],
    [
      'ip op on AE title',
      { association_criteria: [{ parameter: 'CALLING_AE_TITLE', op: 'ip_eq', value: '1.2.3.4' }] },
      'association_criteria[0].op',
      /SOURCE_IP only/,
    ],
    [
      'bad parameter',
      { association_criteria: [{ parameter: 'SOURCE_PORT', op: 'eq', value: '1' }] },
      'association_criteria[0].parameter',
      /unknown parameter/,
    ],
    [
      'bad CIDR',
      { association_criteria: [{ parameter: 'SOURCE_IP', op: 'ip_in_subnet', value: '10.0.0.0/40' }] },
      'association_criteria[0].value',
      /CIDR/,
    ],
    [
      'bad IP',
      { association_criteria: [{ parameter: 'SOURCE_IP', op: 'ip_eq', value: '10.0.0' }] },
      'association_criteria[0].value',
      /not an IPv4 or IPv6/,
    ],
    [
      'unknown action',
      { tag_modifications: [{ action: 'rename', tag: 'PatientName' }] },
      'tag_modifications[0].action',
      /unknown action/,
    ],
    [
      'set value too long',
      { tag_modifications: [{ action: 'set', tag: 'StationName', value: 'X'.repeat(17) }] },
      'tag_modifications[0].value',
      /longer than 16/,
    ],
    [
      'set bad date',
      { tag_modifications: [{ action: 'set', tag: 'StudyDate', value: '2024-13-01' }] },
      'tag_modifications[0].value',
      /not valid for VR DA/,
    ],
    [
      'set bad CS repertoire',
      { tag_modifications: [{ action: 'set', tag: 'Modality', value: 'ct' }] },
      'tag_modifications[0].value',
      /VR CS/,
    ],
    [
      'set with bad VR',
      { tag_modifications: [{ action: 'set', tag: 'PatientName', value: 'x', vr: 'ZZ' }] },
      'tag_modifications[0].vr',
      /unknown VR/,
    ],
    [
      'set OB',
      { tag_modifications: [{ action: 'set', tag: 'PatientName', value: 'x', vr: 'OB' }] },
      'tag_modifications[0].vr',
      /cannot be written/,
    ],
    [
      'set object value',
      { tag_modifications: [{ action: 'set', tag: 'PatientName', value: { a: 1 } }] },
      'tag_modifications[0].value',
      /string, a number or a list/,
    ],
    [
      'meta group',
      { tag_modifications: [{ action: 'delete', tag: '(0002,0010)' }] },
      'tag_modifications[0].tag',
      /group 0002/,
    ],
    [
      'prepend list',
      { tag_modifications: [{ action: 'prepend', tag: 'PatientName', value: ['a'] }] },
      'tag_modifications[0].value',
      /not a list/,
    ],
    [
      'replace pattern too long',
      {
        tag_modifications: [
          { action: 'regex_replace', tag: 'PatientName', pattern: 'a'.repeat(1025), replacement: '' },
        ],
      },
      'tag_modifications[0].pattern',
      /longer than 1024 characters/,
    ],
    [
      'replacement too long',
      {
        tag_modifications: [
          { action: 'regex_replace', tag: 'PatientName', pattern: '', replacement: 'r'.repeat(1025) },
        ],
      },
      'tag_modifications[0].replacement',
      /replacement is longer than 1024 characters/,
    ],
    [
      'match regex too long',
      { match_criteria: [{ tag: 'Modality', op: 'regex', value: 'a'.repeat(1025) }] },
      'match_criteria[0].value',
      /longer than 1024 characters/,
    ],
    [
      'suffix value too long',
      { tag_modifications: [{ action: 'suffix', tag: 'PatientComments', value: 's'.repeat(65537) }] },
      'tag_modifications[0].value',
      /longer than 65536 characters/,
    ],
    [
      'set text past the rule cap',
      { tag_modifications: [{ action: 'set', tag: 'PatientComments', value: 's'.repeat(65537) }] },
      'tag_modifications[0].value',
      /longer than 65536 characters/,
    ],
    [
      'bad replace pattern',
      { tag_modifications: [{ action: 'regex_replace', tag: 'PatientName', pattern: '[', replacement: '' }] },
      'tag_modifications[0].pattern',
      /invalid regular expression/,
    ],
    [
      'copy bad destination',
      { tag_modifications: [{ action: 'copy', source_tag: 'PatientID', destination_tag: 'Nope' }] },
      'tag_modifications[0].destination_tag',
      /unknown DICOM keyword/,
    ],
    [
      'hash_uid on non-UI',
      { tag_modifications: [{ action: 'hash_uid', tag: 'PatientName' }] },
      'tag_modifications[0].tag',
      /UI/,
    ],
    [
      'shift_date on non-date',
      { tag_modifications: [{ action: 'shift_date', tag: 'PatientName' }] },
      'tag_modifications[0].tag',
      /DA or DT/,
    ],
    [
      'deidentify option type',
      { tag_modifications: [{ action: 'deidentify', retain_uids: 'yes' }] },
      'tag_modifications[0].retain_uids',
      /true or false/,
    ],
    ['sources not a list', { applicable_sources: 'ct' }, 'applicable_sources', /list of source names/],
    ['empty source name', { applicable_sources: [''] }, 'applicable_sources[0]', /non-empty/],
  ])('%s', (_what, input, path, message) => {
    const issues = validateRuleInput(input);
    expect(issues).toEqual(expect.arrayContaining([{ path, message: expect.stringMatching(message) }]));
  });

  it('accepts null criteria and null sources (all)', () => {
    expect(
      validateRuleInput({
        match_criteria: null,
        association_criteria: null,
        tag_modifications: null,
        applicable_sources: null,
      }),
    ).toEqual([]);
  });
});
