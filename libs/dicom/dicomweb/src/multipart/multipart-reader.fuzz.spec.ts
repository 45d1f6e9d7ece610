import fc from 'fast-check';
import { Readable } from 'node:stream';
import { MultipartError } from './multipart.error';
import { readMultipart } from './multipart-reader';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);
const BUDGET_MS = 8000;
const B = 'fuzzb0undary';
const LIMITS = { maxParts: 50, maxHeaderBytes: 4096, maxPartBytes: 1 << 20 };

/** A valid STOW-RS body, then mutated: bit flips, cut, inserted boundary-like runs, split into random chunks. */
const hostileBody = fc
  .record({
    parts: fc.array(fc.uint8Array({ maxLength: 512 }), { minLength: 1, maxLength: 4 }),
    flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { maxLength: 8 }),
    cut: fc.option(fc.nat()),
    insert: fc.option(
      fc.tuple(
        fc.nat(),
        fc.constantFrom('\r\n--fuzzb0undary', '--fuzzb0undary--', '\r\n\r\n', 'Content-Type: x\r\n', '-'.repeat(2000)),
      ),
    ),
    chunk: fc.integer({ min: 1, max: 300 }),
  })
  .map(({ parts, flips, cut, insert, chunk }) => {
    let body = Buffer.concat([
      ...parts.flatMap((p) => [
        Buffer.from(`--${B}\r\nContent-Type: application/dicom\r\n\r\n`, 'latin1'),
        Buffer.from(p),
        Buffer.from('\r\n'),
      ]),
      Buffer.from(`--${B}--\r\n`, 'latin1'),
    ]);
    for (const [at, bit] of flips) body[at % body.length] = (body[at % body.length] as number) ^ (1 << bit);
    if (insert)
      body = Buffer.concat([
        body.subarray(0, insert[0] % body.length),
        Buffer.from(insert[1], 'latin1'),
        body.subarray(insert[0] % body.length),
      ]);
    if (cut !== null) body = body.subarray(0, cut % (body.length + 1));
    const chunks: Buffer[] = [];
    for (let o = 0; o < body.length; o += chunk) chunks.push(body.subarray(o, o + chunk));
    return chunks;
  });

describe('multipart reader under mutated STOW-RS bodies (fuzz)', () => {
  it('reads or refuses with MultipartError, and always ends', async () => {
    await fc.assert(
      fc.asyncProperty(hostileBody, async (chunks) => {
        let bytes = 0;
        try {
          await readMultipart(
            Readable.from(chunks),
            B,
            async (part) => {
              for await (const piece of part.body) bytes += (piece as Buffer).length;
            },
            LIMITS,
          );
        } catch (err) {
          if (!(err instanceof MultipartError)) throw new Error(`not a MultipartError: ${(err as Error).stack}`);
        }
        expect(bytes).toBeLessThanOrEqual(chunks.reduce((n, c) => n + c.length, 0));
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: BUDGET_MS },
    );
  });
});
