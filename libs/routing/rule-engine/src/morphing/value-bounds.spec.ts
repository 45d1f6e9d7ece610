import { DicomFile } from '@axiom/dicom-io';
import type { TagModification } from '@axiom/domain';
import { processJson } from '../dry-run/process-json';
import { ReplacementTooLongError, regexReplace } from '../regex';
import { buildFile } from '../testing/dataset-builder';
import { applyModifications } from './apply-modifications';
import { MAX_MORPHED_VALUE_CHARS, maxValueChars } from './value-bounds';

const TEXT_VALUE = 'x'.repeat(2000);
const file = (): DicomFile =>
  buildFile([
    { tag: 'PatientName', vr: 'PN', values: ['Doe^John'] },
    { tag: 'InstitutionName', vr: 'LO', values: ['General'] },
    { tag: 0x00104000, vr: 'LT', values: ['short comment'] },
    { tag: 0x00081190, vr: 'UR', values: [`http://example.org/${TEXT_VALUE}`] },
    { tag: 0x00400280, vr: 'ST', values: ['note'] },
    { tag: 0x00180010, vr: 'LO', values: ['agent'] },
    { tag: 0x0040a160, vr: 'UT', values: [TEXT_VALUE] },
  ]);

describe('maxValueChars (PS3.5 Table 6.2-1, capped)', () => {
  it('gives the single-valued VR maximum, and the overall cap where PS3.5 has none below it', () => {
    expect(maxValueChars('ST')).toBe(1024);
    expect(maxValueChars('LT')).toBe(10240);
    expect(maxValueChars('UT')).toBe(MAX_MORPHED_VALUE_CHARS);
    expect(maxValueChars('UR')).toBe(MAX_MORPHED_VALUE_CHARS);
    expect(maxValueChars('LO')).toBe(MAX_MORPHED_VALUE_CHARS);
  });
});

describe('regexReplace bounds', () => {
  it('throws before building a result longer than the bound, and replaces normally below it', () => {
    expect(() => regexReplace('x'.repeat(2000), '', 'y'.repeat(500), 100_000)).toThrow(ReplacementTooLongError);
    expect(() => regexReplace('abc', '', '-', 6)).toThrow(ReplacementTooLongError);
    expect(regexReplace('abc', '', '-', 7)).toBe('-a-b-c-');
    expect(regexReplace('Doe^John', '^(\\w+)\\^(\\w+)$', '\\2 $1 $$ \\\\')).toBe('John Doe $ \\');
  });

  it('counts group expansions before they are built', () => {
    expect(() => regexReplace('ab'.repeat(10), '(ab)', '$1$1$1', 59)).toThrow(ReplacementTooLongError);
    expect(regexReplace('ab'.repeat(10), '(ab)', '$1$1$1', 60)).toBe('ab'.repeat(30));
  });
});

describe('morphing stays bounded', () => {
  it('survives an empty pattern with a 500-character replacement applied twice to a 2,000-character UT (the crash-loop rule)', () => {
    const mod: TagModification = {
      action: 'regex_replace',
      tag: '(0040,A160)',
      pattern: '',
      replacement: 'R'.repeat(500),
    };
    const started = Date.now();
    const result = applyModifications(file(), [mod, mod]);
    expect(Date.now() - started).toBeLessThan(10_000);
    // the first pass fits the 1 MB cap (2,001 x 500 + 2,000 characters); the second would not
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /\(0040,A160\): regex_replace: the replaced value would be longer than 1048576 characters; element left unchanged/,
      ),
    ]);
    const out = DicomFile.parse(result.output as Buffer);
    expect(out.string(0x0040a160)?.length).toBe(2001 * 500 + 2000);
  });

  it('leaves an ST that would outgrow its VR maximum unchanged, with a warning naming the element', () => {
    const result = applyModifications(file(), [{ action: 'suffix', tag: '(0040,0280)', value: 'z'.repeat(1021) }]);
    expect(result.changed).toBe(false);
    expect(result.warnings).toEqual([
      expect.stringMatching(/\(0040,0280\): suffix: the value would be longer than 1024 characters/),
    ]);
    const fits = applyModifications(file(), [{ action: 'prepend', tag: '(0040,0280)', value: 'z'.repeat(1020) }]);
    expect(fits.changed).toBe(true);
  });

  it('refuses a set value past the cap', () => {
    const result = applyModifications(file(), [
      { action: 'set', tag: '(0040,A160)', value: 'v'.repeat(MAX_MORPHED_VALUE_CHARS + 1) },
    ]);
    expect(result.changed).toBe(false);
    expect(result.warnings[0]).toMatch(/set: the value is longer than 1048576 characters/);
  });
});

describe('process-json (reachable with a User-role key) stays bounded too', () => {
  it('answers the crash-loop rule with a warning instead of exhausting the heap', () => {
    const grow: TagModification = {
      action: 'regex_replace',
      tag: '(0040,A160)',
      pattern: '',
      replacement: 'R'.repeat(500),
    };
    const result = processJson({
      dicomJson: { '00080060': { vr: 'CS', Value: ['CT'] }, '0040A160': { vr: 'UT', Value: [TEXT_VALUE] } },
      rulesets: [
        {
          id: 1,
          name: 'rs',
          isActive: true,
          priority: 0,
          executionMode: 'ALL_MATCHES',
          rules: [
            {
              id: 2,
              name: 'grow',
              isActive: true,
              priority: 0,
              matchCriteria: [],
              associationCriteria: [],
              applicableSources: null,
              destinationIds: [],
              tagModifications: [grow, grow],
            },
          ],
        },
      ],
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/regex_replace: the replaced value would be longer than 1048576 characters/),
      ]),
    );
  });
});
