import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DicomFile } from './dicom-file';
import { readSampleFile } from './testing/sample-corpus';
import { spliceOffset, writeSplicedFile } from './spliced-output';

describe('writeSplicedFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-splice-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const modes = { fileMode: 0o600, dirMode: 0o700 };

  it('writes the head, then the source from the splice point to its end, through a bounded buffer', async () => {
    const source = join(dir, 'source.bin');
    // 3.5 MiB: several copy chunks, the last one partial
    const bytes = Buffer.alloc(3.5 * 1024 * 1024 + 7);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = (i / 4096) & 0xff;
    writeFileSync(source, bytes);
    const out = join(dir, 'outputs', 'spliced.dcm');
    const size = await writeSplicedFile({
      head: Buffer.from('HEAD'),
      sourcePath: source,
      sourceOffset: 1000,
      outputPath: out,
      ...modes,
    });
    const written = readFileSync(out);
    expect(size).toBe(4 + bytes.length - 1000);
    expect(written.subarray(0, 4).toString()).toBe('HEAD');
    expect(written.subarray(4).equals(bytes.subarray(1000))).toBe(true);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'outputs'))).toEqual(['spliced.dcm']); // no temp left behind
  });

  it('a header read of a real file plus the rest is the file itself', async () => {
    const source = join(dir, 'ct.dcm');
    writeFileSync(source, readSampleFile('ct-full-512-explicit-le.dcm'));
    const header = await DicomFile.readHeader(source, { firstChunk: 4096 });
    const offset = spliceOffset(header);
    expect(offset).not.toBeNull();
    expect(offset).toBeLessThan(statSync(source).size); // the pixel data really is streamed, not read
    const out = join(dir, 'copy.dcm');
    await writeSplicedFile({
      head: header.file,
      sourcePath: source,
      sourceOffset: offset ?? 0,
      outputPath: out,
      ...modes,
    });
    expect(readFileSync(out).equals(readFileSync(source))).toBe(true);
  });

  it('writes concurrent outputs each from its own copy buffer, and makes a folder removed since again', async () => {
    const sources = Array.from({ length: 6 }, (_, i) => {
      const path = join(dir, `src-${i}.bin`);
      writeFileSync(path, Buffer.alloc(1.5 * 1024 * 1024 + i, i + 1)); // two copy chunks each
      return path;
    });
    const outDir = join(dir, 'outputs');
    const writeAll = () =>
      Promise.all(
        sources.map((sourcePath, i) =>
          writeSplicedFile({
            head: Buffer.from([i]),
            sourcePath,
            sourceOffset: 0,
            outputPath: join(outDir, `${i}.dcm`),
            ...modes,
          }),
        ),
      );
    await writeAll();
    rmSync(outDir, { recursive: true, force: true }); // an operator emptied the outputs folder
    await writeAll();
    sources.forEach((source, i) => {
      const written = readFileSync(join(outDir, `${i}.dcm`));
      expect(written[0]).toBe(i);
      expect(written.subarray(1).equals(readFileSync(source))).toBe(true);
    });
  });

  it('refuses a splice point past the end of the source and leaves nothing behind', async () => {
    const source = join(dir, 'short.bin');
    writeFileSync(source, Buffer.alloc(10));
    const out = join(dir, 'bad.dcm');
    await expect(
      writeSplicedFile({ head: Buffer.alloc(2), sourcePath: source, sourceOffset: 11, outputPath: out, ...modes }),
    ).rejects.toThrow(/shorter than the splice point/);
    expect(readdirSync(dir)).toEqual(['short.bin']);
  });
});
