import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { DicomFile } from './dicom-file';
import { DEFAULT_MAX_INFLATED_BYTES, DEFAULT_MAX_OBJECT_BYTES, DicomLimitError, deflateDataset } from './part10';
import { deflateBomb } from './testing/test-fixtures';

const MiB = 1024 * 1024;

describe('bounded inflate of deflated data sets', () => {
  it('refuses a data set that inflates beyond maxInflatedBytes, with a reason naming the setting', async () => {
    const bomb = await deflateBomb(16 * MiB);
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(() => DicomFile.parse(bomb, { limits: { maxInflatedBytes: MiB } })).toThrow(DicomLimitError);
    expect(() => DicomFile.parse(bomb, { limits: { maxInflatedBytes: MiB } })).toThrow(
      /inflates to more than 1048576 bytes.*AXIOM_MAX_INFLATED_BYTES/,
    );
    // within the bound it is an ordinary object
    expect(
      DicomFile.parse(bomb, { limits: { maxInflatedBytes: 32 * MiB }, headerOnly: true }).identity().sopInstanceUid,
    ).toBe('2.25.1234');
  });

  it('readHeader refuses the bomb at once, reading in chunks or not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'axiom-limits-'));
    try {
      const path = join(dir, 'bomb.dcm');
      writeFileSync(path, await deflateBomb(16 * MiB));
      for (const firstChunk of [256, 1 << 20]) {
        await expect(DicomFile.readHeader(path, { firstChunk, limits: { maxInflatedBytes: MiB } })).rejects.toThrow(
          DicomLimitError,
        );
      }
      expect((await DicomFile.readHeader(path, { firstChunk: 256 })).identity().sopInstanceUid).toBe('2.25.1234');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bounds inflation by default (512 MiB) when the caller passes no limits', async () => {
    expect(DEFAULT_MAX_INFLATED_BYTES).toBe(512 * MiB);
    const bomb = await deflateBomb(DEFAULT_MAX_INFLATED_BYTES + MiB);
    expect(() => DicomFile.parse(bomb, { headerOnly: true })).toThrow(DicomLimitError);
  }, 60_000);

  it('refuses an object larger than maxObjectBytes before reading it (default 4 GiB)', async () => {
    expect(DEFAULT_MAX_OBJECT_BYTES).toBe(4 * 1024 * MiB);
    const dir = mkdtempSync(join(tmpdir(), 'axiom-limits-'));
    try {
      const path = join(dir, 'big.dcm');
      writeFileSync(path, await deflateBomb(1024));
      await expect(DicomFile.read(path, { limits: { maxObjectBytes: 100 } })).rejects.toThrow(
        /exceeds the configured maximum of 100 bytes.*AXIOM_MAX_OBJECT_BYTES/,
      );
      await expect(DicomFile.readHeader(path, { limits: { maxObjectBytes: 100 } })).rejects.toThrow(DicomLimitError);
      await expect(DicomFile.read(path)).resolves.toBeInstanceOf(DicomFile);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('deflateDataset', () => {
  it.each([1, 2, 3, 100, 231, 4096])('gives an even-length stream that inflates back (data set of %i bytes)', (n) => {
    const dataset = Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919) % 251));
    const deflated = deflateDataset(dataset);
    expect(deflated.length % 2).toBe(0);
    expect(inflateRawSync(deflated).equals(dataset)).toBe(true);
  });
});
