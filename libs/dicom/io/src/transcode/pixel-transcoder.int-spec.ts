import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DicomElement, findElement } from '../dataset-model';
import { parseDataset } from '../dataset-parser';
import { datasetBytes, readPart10Layout } from '../part10';
import { sampleCorpusDir } from '../testing/sample-corpus';
import { syntaxOf } from '../transfer-syntax';
import { Tag, readImagePixelModule, stringValue } from './pixel-frames';
import { PixelTranscoder } from './pixel-transcoder';
import { EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN, transferSyntaxFacts } from './transfer-syntax-catalog';

/** Every compressed valid sample, and the dcmtk tool that decodes it (none for J2K/HTJ2K in dcmtk 3.6.7). */
const COMPRESSED: [string, string | null][] = [
  ['sc-rgb-jpeg-baseline-utf8.dcm', 'dcmdjpeg'],
  ['us-multiframe-jpeg-baseline-ybr.dcm', 'dcmdjpeg'],
  ['us-multiframe-jpeg-fragmented-bad-charset-term.dcm', 'dcmdjpeg'],
  ['nm-jpeg-extended-12bit.dcm', 'dcmdjpeg'],
  ['nm-jpeg-lossless-sv1.dcm', 'dcmdjpeg'],
  ['ct-enhanced-2frame-jpeg-lossless-p14-fragmented.dcm', 'dcmdjpeg'],
  ['mr-jpegls-lossless.dcm', 'dcmdjpls'],
  ['sc-jpegls-near-lossless.dcm', 'dcmdjpls'],
  ['mr-rle.dcm', 'dcmdrle'],
  ['us-multiframe-rle-palette.dcm', 'dcmdrle'],
  ['mr-jpeg2000-lossless.dcm', null],
  ['nm-jpeg2000-lossy.dcm', null],
  ['cr-jpeg2000-lossy.dcm', null],
  ['sc-htj2k-lossless-rgb.dcm', null],
  ['sc-deflated.dcm', 'dcmconv'],
];

interface Parsed {
  ds: Buffer;
  elements: DicomElement[];
  transferSyntaxUid: string;
}

function parseFile(path: string): Parsed {
  const buf = readFileSync(path);
  const layout = readPart10Layout(buf);
  const ds = datasetBytes(buf, layout);
  const s = syntaxOf(layout.transferSyntaxUid);
  return {
    ds,
    elements: parseDataset(ds, { littleEndian: s.littleEndian, explicitVr: s.explicitVr }).elements,
    transferSyntaxUid: layout.transferSyntaxUid,
  };
}

function valueOf(p: Parsed, tag: number): Buffer {
  const el = findElement(p.elements, tag);
  if (!el) throw new Error(`no element ${tag.toString(16)}`);
  return p.ds.subarray(el.valueOffset, el.valueOffset + el.valueLength);
}

/** Top-level elements outside the pixel module, as raw bytes: what transcoding must leave alone. */
function untouched(p: Parsed): Map<number, string> {
  const pixelModule = new Set<number>([
    Tag.PhotometricInterpretation,
    Tag.PlanarConfiguration,
    Tag.LossyImageCompression,
    Tag.PixelData,
  ]);
  return new Map(
    p.elements
      .filter((el) => !pixelModule.has(el.tag) && (el.tag & 0xffff) !== 0)
      .map((el) => [el.tag, p.ds.subarray(el.headerOffset, el.end).toString('hex')]),
  );
}

describe('PixelTranscoder (worker thread, dcmjs-codecs) over the compressed samples', () => {
  let dir: string;
  const transcoder = new PixelTranscoder({ timeoutMs: 60_000 });
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-transcode-'));
  });
  afterAll(async () => {
    await transcoder.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(COMPRESSED)(
    '%s decodes to Explicit VR LE, pixels as dcmtk (%s) decodes them, the rest as received',
    async (name, tool) => {
      const input = join(sampleCorpusDir(), name);
      const output = join(dir, `${name}.ours.dcm`);
      const result = await transcoder.transcode({
        inputPath: input,
        outputPath: output,
        targetTransferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
      });
      const source = parseFile(input);
      const ours = parseFile(output);
      expect(result.sourceTransferSyntaxUid).toBe(source.transferSyntaxUid);
      expect(ours.transferSyntaxUid).toBe(EXPLICIT_VR_LITTLE_ENDIAN);
      expect(readFileSync(output).subarray(result.datasetOffset).equals(ours.ds)).toBe(true);
      expect(spawnSync('dcmdump', ['-q', output], { timeout: 20_000 }).status).toBe(0);
      expect(untouched(ours)).toEqual(untouched(source));

      const facts = transferSyntaxFacts(source.transferSyntaxUid);
      const pixels = valueOf(ours, Tag.PixelData);
      if (facts.encapsulated) {
        const m = readImagePixelModule(ours.ds, ours.elements);
        const expected = m.rows * m.columns * m.samplesPerPixel * (m.bitsAllocated / 8) * m.numberOfFrames;
        expect(pixels.length).toBe(expected + (expected % 2));
        expect(new Set(pixels.subarray(0, expected)).size).toBeGreaterThan(1);
      }
      if (facts.lossy) expect(stringValue(ours.ds, findElement(ours.elements, Tag.LossyImageCompression))).toBe('01');
      if (tool) {
        const theirsPath = join(dir, `${name}.dcmtk.dcm`);
        execFileSync(tool, tool === 'dcmconv' ? ['+te', input, theirsPath] : [input, theirsPath], { timeout: 30_000 });
        const theirs = parseFile(theirsPath);
        expect(pixels.equals(valueOf(theirs, Tag.PixelData))).toBe(true);
        expect(stringValue(ours.ds, findElement(ours.elements, Tag.PhotometricInterpretation))).toBe(
          stringValue(theirs.ds, findElement(theirs.elements, Tag.PhotometricInterpretation)),
        );
      }
    },
    60_000,
  );

  it.each(['mr-rle.dcm', 'mr-jpegls-lossless.dcm', 'mr-jpeg2000-lossless.dcm'])(
    'lossless %s decodes to exactly the pixels of its uncompressed twin',
    async (name) => {
      const output = join(dir, `${name}.twin.dcm`);
      await transcoder.transcode({
        inputPath: join(sampleCorpusDir(), name),
        outputPath: output,
        targetTransferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
      });
      const twin = parseFile(join(sampleCorpusDir(), 'mr-explicit-le.dcm'));
      expect(valueOf(parseFile(output), Tag.PixelData).equals(valueOf(twin, Tag.PixelData))).toBe(true);
    },
    60_000,
  );

  it('writes Implicit VR LE that dcmdump reads, with the same values', async () => {
    const input = join(sampleCorpusDir(), 'mr-jpegls-lossless.dcm');
    const output = join(dir, 'implicit.dcm');
    await transcoder.transcode({
      inputPath: input,
      outputPath: output,
      targetTransferSyntaxUid: IMPLICIT_VR_LITTLE_ENDIAN,
    });
    const ours = parseFile(output);
    expect(ours.transferSyntaxUid).toBe(IMPLICIT_VR_LITTLE_ENDIAN);
    const dump = execFileSync('dcmdump', ['-q', output], { timeout: 20_000 }).toString('latin1');
    expect(dump).toContain('(0010,0010) PN');
    expect(valueOf(ours, Tag.PixelData).length).toBe(64 * 64 * 2);
  }, 60_000);

  it.each([
    ['ct-explicit-le.dcm', IMPLICIT_VR_LITTLE_ENDIAN, '+ti'],
    ['sr-comprehensive-deep-nesting.dcm', IMPLICIT_VR_LITTLE_ENDIAN, '+ti'],
    ['mr-implicit-le.dcm', EXPLICIT_VR_LITTLE_ENDIAN, '+te'],
  ])(
    're-encodes native %s to %s byte for byte as dcmconv %s does',
    async (name, target, flag) => {
      const input = join(sampleCorpusDir(), name);
      const ours = join(dir, `${name}.native-ours.dcm`);
      const theirs = join(dir, `${name}.native-dcmconv.dcm`);
      await transcoder.transcode({ inputPath: input, outputPath: ours, targetTransferSyntaxUid: target });
      execFileSync('dcmconv', [flag, input, theirs], { timeout: 20_000 });
      expect(parseFile(ours).ds.equals(parseFile(theirs).ds)).toBe(true);
    },
    60_000,
  );

  it('refuses permanently what it cannot convert, with the reason', async () => {
    const lossyToLossy = transcoder.transcode({
      inputPath: join(sampleCorpusDir(), 'sc-rgb-jpeg-baseline-utf8.dcm'),
      outputPath: join(dir, 'x.dcm'),
      targetTransferSyntaxUid: '1.2.840.10008.1.2.4.91',
    });
    await expect(lossyToLossy).rejects.toMatchObject({ permanent: true, message: expect.stringMatching(/lossy/) });
    const bigEndian = transcoder.transcode({
      inputPath: join(sampleCorpusDir(), 'mr-explicit-be.dcm'),
      outputPath: join(dir, 'y.dcm'),
      targetTransferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    });
    await expect(bigEndian).rejects.toMatchObject({
      permanent: true,
      message: expect.stringMatching(/cannot be decoded/),
    });
    // a header that asks for 65535 x 65535 pixels of 16 bits: refused before any decoder allocates it
    const huge = readFileSync(join(sampleCorpusDir(), 'mr-rle.dcm'));
    const parsed = parseFile(join(sampleCorpusDir(), 'mr-rle.dcm'));
    const datasetStart = readPart10Layout(huge).datasetOffset;
    for (const tag of [Tag.Rows, Tag.Columns])
      huge.writeUInt16LE(0xffff, datasetStart + (findElement(parsed.elements, tag)?.valueOffset ?? -1));
    writeFileSync(join(dir, 'huge.dcm'), huge);
    const tooLarge = transcoder.transcode({
      inputPath: join(dir, 'huge.dcm'),
      outputPath: join(dir, 'h.dcm'),
      targetTransferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    });
    await expect(tooLarge).rejects.toMatchObject({ permanent: true, message: expect.stringMatching(/the limit is/) });
    const missing = transcoder.transcode({
      inputPath: join(dir, 'missing.dcm'),
      outputPath: join(dir, 'z.dcm'),
      targetTransferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    });
    await expect(missing).rejects.toMatchObject({ permanent: false });
  }, 60_000);
});
