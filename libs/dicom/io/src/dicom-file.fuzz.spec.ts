import fc from 'fast-check';
import { DicomParseError } from './dataset-model';
import { DicomFile } from './dicom-file';
import { DicomJsonError, dicomJsonToDataset } from './dicom-json';
import { listSampleFiles, readSampleFile } from './testing/sample-corpus';

/** Bounds of each property: runs and wall time, so the suite stays fast on a loaded machine. */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const BUDGET_MS = 8000;
const LIMITS = { maxObjectBytes: 64 * 1024 * 1024, maxInflatedBytes: 16 * 1024 * 1024 };

const samples = listSampleFiles()
  .slice(0, 6)
  .map((name) => ({ name, bytes: readSampleFile(name) }));

/** A mutation of a valid file: bit flips, overwritten length fields, truncation, inserted or cut runs. */
const mutated = fc
  .record({
    sample: fc.integer({ min: 0, max: samples.length - 1 }),
    flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { maxLength: 16 }),
    lengths: fc.array(fc.tuple(fc.nat(), fc.constantFrom(0, 1, 0xfffe, 0xffff, 0x7fffffff, 0xfffffffe, 0xffffffff)), {
      maxLength: 4,
    }),
    cut: fc.option(fc.nat()),
    insert: fc.option(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 64 }))),
  })
  .map(({ sample, flips, lengths, cut, insert }) => {
    const source = samples[sample] as { name: string; bytes: Buffer };
    let bytes = Buffer.from(source.bytes);
    for (const [at, bit] of flips) bytes[at % bytes.length] = (bytes[at % bytes.length] as number) ^ (1 << bit);
    // past the 132-byte preamble and magic, where the elements' length fields are
    for (const [at, value] of lengths)
      if (bytes.length > 140) bytes.writeUInt32LE(value, 132 + (at % (bytes.length - 136)));
    if (insert) {
      const at = insert[0] % bytes.length;
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(insert[1]), bytes.subarray(at)]);
    }
    if (cut !== null) bytes = bytes.subarray(0, cut % bytes.length);
    return { name: source.name, bytes };
  });

function parseOrRefuse(bytes: Buffer, headerOnly: boolean): 'parsed' | 'refused' {
  try {
    DicomFile.parse(bytes, { limits: LIMITS, headerOnly });
    return 'parsed';
  } catch (err) {
    // every refusal is a DicomParseError (DicomLimitError is one): never a TypeError or a RangeError
    if (!(err instanceof DicomParseError)) throw new Error(`not a DicomParseError: ${(err as Error).stack}`);
    return 'refused';
  }
}

describe('DICOM parser under mutated samples (fuzz)', () => {
  it('has samples to mutate', () => {
    expect(samples.length).toBeGreaterThan(0);
  });

  it('parses or refuses with DicomParseError, in bounded time, for any mutation', () => {
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(mutated, ({ bytes }) => {
        const started = Date.now();
        outcomes.add(parseOrRefuse(bytes, false));
        parseOrRefuse(bytes, true);
        expect(Date.now() - started).toBeLessThan(2000);
      }),
      {
        numRuns: RUNS,
        interruptAfterTimeLimit: BUDGET_MS,
        seed: Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31),
      },
    );
    // the mutations must reach the parser's refusals, not only the meta header check
    expect(outcomes.has('refused')).toBe(true);
  });

  it('refuses arbitrary bytes behind a valid preamble', () => {
    const head = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM')]);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (tail) => {
        expect(parseOrRefuse(Buffer.concat([head, Buffer.from(tail)]), false)).toMatch(/parsed|refused/);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: BUDGET_MS },
    );
  });
});

const hexTag = fc.stringMatching(/^[0-9A-Fa-f]{8}$/);

/** DICOM JSON elements as a hostile client may send them: odd tags, VRs, values and nesting. */
const jsonElement: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  element: fc.record(
    {
      vr: fc.oneof(
        fc.constantFrom('PN', 'LO', 'SH', 'DA', 'US', 'UL', 'FD', 'SQ', 'OB', 'UI', 'IS', 'DS', 'AT'),
        fc.string({ maxLength: 3 }),
      ),
      Value: fc.option(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 80 }),
            fc.double(),
            fc.integer(),
            fc.constant(null),
            fc.record({ Alphabetic: fc.string({ maxLength: 20 }) }),
            fc.dictionary(hexTag, tie('element'), { maxKeys: 3 }),
          ),
          { maxLength: 4 },
        ),
        { nil: undefined },
      ),
      InlineBinary: fc.option(fc.base64String({ maxLength: 64 }), { nil: undefined }),
    },
    { requiredKeys: ['vr'] },
  ),
})).element;

describe('DICOM JSON to a data set (fuzz)', () => {
  it('encodes or refuses with DicomJsonError, never anything else', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.oneof(hexTag, fc.string({ maxLength: 10 })), jsonElement, { maxKeys: 8 }),
        (json) => {
          try {
            // what an HTTP body can hold: the JSON round trip (plain objects, no -0, no NaN)
            dicomJsonToDataset(JSON.parse(JSON.stringify(json)) as never);
          } catch (err) {
            if (!(err instanceof DicomJsonError)) throw new Error(`not a DicomJsonError: ${(err as Error).stack}`);
          }
        },
      ),
      { numRuns: RUNS, interruptAfterTimeLimit: BUDGET_MS },
    );
  });
});
