import fc from 'fast-check';
import { DicomFile } from '@axiom/dicom-io';
import { listSampleFiles, readSampleFile } from '@axiom/dicom-io/testing';
import type { TagModification } from '@axiom/domain';
import { IssueList } from '../validation/issues';
import { validateModifications } from '../validation/validate-modifications';
import { applyModifications } from './apply-modifications';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 150);
const BUDGET_MS = 10_000;
const OPTIONS = { uidSecret: 'fuzz-uid-secret', dateShiftSecret: 'fuzz-date-secret' };

const files = listSampleFiles()
  .slice(0, 4)
  .map((name) => DicomFile.parse(readSampleFile(name)));

/** Tags as a hostile rule author may write them: keywords, GGGG,EEEE, private, nested paths and junk. */
const tag = fc.oneof(
  fc.constantFrom(
    'PatientName',
    'PatientID',
    'StudyDate',
    'InstitutionName',
    'SOPInstanceUID',
    'Modality',
    'PixelData',
    'SpecificCharacterSet',
    '(0010,0010)',
    '0009,0010',
    '0009,1001',
    'ReferencedSeriesSequence[0].SeriesInstanceUID',
    'OtherPatientIDsSequence[*].PatientID',
    'TransferSyntaxUID',
  ),
  fc.string({ maxLength: 24 }),
);
const value = fc.oneof(
  fc.string({ maxLength: 70 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
  fc.constant(null),
);
const vr = fc.option(
  fc.oneof(fc.constantFrom('PN', 'LO', 'DA', 'US', 'SQ', 'OB', 'UI', 'DS', 'AT', 'UN'), fc.string({ maxLength: 3 })),
  { nil: undefined },
);

const modification: fc.Arbitrary<TagModification> = fc.oneof(
  fc.record({ action: fc.constant('set' as const), tag, value, vr }),
  fc.record({ action: fc.constant('delete' as const), tag }),
  fc.record({
    action: fc.constantFrom('prepend' as const, 'suffix' as const),
    tag,
    value: fc.string({ maxLength: 80 }),
  }),
  fc.record({
    action: fc.constant('regex_replace' as const),
    tag,
    pattern: fc.oneof(fc.constantFrom('(a+)+$', '^(.*)$', '[', '\\d'), fc.string({ maxLength: 12 })),
    replacement: fc.string({ maxLength: 30 }),
  }),
  fc.record({
    action: fc.constantFrom('copy' as const, 'move' as const),
    source_tag: tag,
    destination_tag: tag,
    destination_vr: vr,
  }),
  fc.record({ action: fc.constant('hash_uid' as const), tag }),
  fc.record({
    action: fc.constant('shift_date' as const),
    tag,
    max_days: fc.option(fc.integer({ min: -100000, max: 100000 }), { nil: undefined }),
  }),
) as fc.Arbitrary<TagModification>;

describe('morphing under arbitrary modifications (fuzz)', () => {
  it('never throws on what the rule API accepts, ends in bounded time, and any output parses again', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: files.length - 1 }),
        fc.array(modification, { maxLength: 6 }),
        (index, mods) => {
          // the API saves only modifications its validator accepts: those are what morphing meets
          const issues = new IssueList();
          validateModifications(issues, 'tag_modifications', mods);
          if (issues.issues.length > 0) return;
          accepted++;
          const started = Date.now();
          const result = applyModifications(files[index] as DicomFile, mods, OPTIONS);
          expect(Date.now() - started).toBeLessThan(2000);
          if (!result.output) return;
          try {
            DicomFile.parse(result.output);
          } catch (err) {
            throw new Error(`morph output does not parse (${(err as Error).message}) for ${JSON.stringify(mods)}`);
          }
          for (const w of result.warnings) expect(typeof w).toBe('string');
        },
      ),
      { numRuns: RUNS, interruptAfterTimeLimit: BUDGET_MS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 10);
  });

  it('has samples to morph', () => {
    expect(files.length).toBeGreaterThan(0);
  });
});
