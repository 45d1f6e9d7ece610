import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DicomFile } from './dicom-file';

const SAMPLES = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'dicom-samples');
const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.dcm'));

describe('DicomFile.readHeader', () => {
  it.each(files)('%s: reading in small growing chunks gives the same header as reading the whole file', async (name) => {
    const path = join(SAMPLES, name);
    const whole = DicomFile.parse(readFileSync(path), { headerOnly: true });
    const header = await DicomFile.readHeader(path, { firstChunk: 256 });
    expect(header.transferSyntaxUid).toBe(whole.transferSyntaxUid);
    expect(header.elements.map((e) => [e.tag, e.valueOffset, e.end])).toEqual(whole.elements.map((e) => [e.tag, e.valueOffset, e.end]));
    expect(header.identity()).toEqual(whole.identity());
  });

  it('reads only part of a large file', async () => {
    const path = join(SAMPLES, 'us-multiframe-rle-palette.dcm');
    const header = await DicomFile.readHeader(path, { firstChunk: 4096 });
    expect(header.file.length).toBeLessThan(readFileSync(path).length);
  });
});
