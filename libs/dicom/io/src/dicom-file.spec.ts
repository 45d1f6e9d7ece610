import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DicomFile } from './dicom-file';

const SAMPLES = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'dicom-samples');
const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.dcm'));

describe('DicomFile.readHeader', () => {
  it.each(files)(
    '%s: reading in small growing chunks gives the same header as reading the whole file',
    async (name) => {
      const path = join(SAMPLES, name);
      const whole = DicomFile.parse(readFileSync(path), { headerOnly: true });
      const header = await DicomFile.readHeader(path, { firstChunk: 256 });
      expect(header.transferSyntaxUid).toBe(whole.transferSyntaxUid);
      expect(header.elements.map((e) => [e.tag, e.valueOffset, e.end])).toEqual(
        whole.elements.map((e) => [e.tag, e.valueOffset, e.end]),
      );
      expect(header.identity()).toEqual(whole.identity());
    },
  );

  it('reads only part of a large file', async () => {
    const path = join(SAMPLES, 'us-multiframe-rle-palette.dcm');
    const header = await DicomFile.readHeader(path, { firstChunk: 4096 });
    expect(header.file.length).toBeLessThan(readFileSync(path).length);
  });
});

describe('DicomFile.headerCopy', () => {
  it.each(files)('%s: the header copied out of a whole parse is the header-only parse, on bytes of its own', (name) => {
    const bytes = readFileSync(join(SAMPLES, name));
    const whole = DicomFile.parse(bytes, { headerOnly: true });
    const expected = {
      syntax: whole.transferSyntaxUid,
      elements: whole.elements.map((e) => [e.tag, e.valueOffset, e.end]),
      identity: whole.identity(),
      name: whole.string(0x00100010),
    };
    const copy = DicomFile.parse(bytes).headerCopy();
    bytes.fill(0); // the source reused: the copy must not notice
    expect(copy.transferSyntaxUid).toBe(expected.syntax);
    expect(copy.elements.map((e) => [e.tag, e.valueOffset, e.end])).toEqual(expected.elements);
    expect(copy.identity()).toEqual(expected.identity);
    expect(copy.string(0x00100010)).toEqual(expected.name);
    expect(copy.file.length).toBeLessThanOrEqual(bytes.length);
  });
});
