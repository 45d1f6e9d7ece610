import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutgoingInstance } from './destination';
import { copyOutgoing, datasetSource, readDataset } from './outgoing-bytes';

/** A plain and a spliced instance of the same bytes: 132-byte start + meta (as `head`), a data set split at the pixel data. */
describe('outgoing bytes: a file, or a head spliced onto the rest of the received file', () => {
  let dir: string;
  const whole = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.alloc(60, 1), Buffer.alloc(5000, 7)]);
  const datasetOffset = 192;
  const cut = 1000;
  const base = {
    datasetOffset,
    sopClassUid: '1.2',
    sopInstanceUid: '1.2.3',
    studyInstanceUid: null,
    seriesInstanceUid: null,
    transferSyntaxUid: '1.2.840.10008.1.2.1',
  };
  let plain: OutgoingInstance;
  let spliced: OutgoingInstance;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-outgoing-'));
    writeFileSync(join(dir, 'whole.dcm'), whole);
    // the received file holds other bytes before the splice point: only those past it belong to the output
    writeFileSync(join(dir, 'received.dcm'), Buffer.concat([Buffer.alloc(300, 9), whole.subarray(cut)]));
    plain = { ...base, path: join(dir, 'whole.dcm') };
    spliced = { ...base, path: join(dir, 'received.dcm'), splice: { head: whole.subarray(0, cut), sourceOffset: 300 } };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives an SCU the head past its data set offset as prefix, then the file from the splice point', () => {
    expect(datasetSource(plain)).toEqual({ path: plain.path, datasetOffset });
    const source = datasetSource(spliced);
    expect(source).toEqual({ path: spliced.path, datasetOffset: 300, prefix: whole.subarray(datasetOffset, cut) });
  });

  it('reads the same data set either way', async () => {
    expect((await readDataset(plain)).equals(whole.subarray(datasetOffset))).toBe(true);
    expect((await readDataset(spliced)).equals(whole.subarray(datasetOffset))).toBe(true);
  });

  it('copies the same bytes into a new file with the given mode, and refuses a received file shorter than the splice point', async () => {
    for (const [name, instance] of [
      ['a.dcm', plain],
      ['b.dcm', spliced],
    ] as const) {
      await copyOutgoing(instance, join(dir, name), 0o640);
      expect(readFileSync(join(dir, name)).equals(whole)).toBe(true);
      expect(statSync(join(dir, name)).mode & 0o777).toBe(0o640);
    }
    const short = { ...spliced, splice: { head: whole.subarray(0, cut), sourceOffset: 1_000_000 } };
    await expect(copyOutgoing(short, join(dir, 'c.dcm'), 0o600)).rejects.toThrow(/shorter than the splice point/);
    await expect(readDataset(short)).rejects.toThrow(/shorter than the splice point/);
    expect(() => statSync(join(dir, 'c.dcm'))).toThrow(); // nothing half-written is left
  });
});
