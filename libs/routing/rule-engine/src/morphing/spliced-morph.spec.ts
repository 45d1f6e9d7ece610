import { DicomFile, spliceOffset } from '@axiom/dicom-io';
import { listSampleFiles, readSampleFile } from '@axiom/dicom-io/testing';
import type { TagModification } from '@axiom/domain';
import { applyModifications } from './apply-modifications';
import { needsWholeDataset } from './part10-output';

/**
 * The streamed morph: modifications applied to a header read (a prefix of the file that stops
 * past the start of the pixel data), followed by the rest of the file unchanged, give exactly the
 * bytes of the same modifications applied to the whole file, over the whole sample corpus.
 */
const HEADER_EDITS: TagModification[][] = [
  [{ action: 'set', tag: 'InstitutionName', value: 'AXIOM SPLICED' }],
  [
    { action: 'set', tag: 'PatientName', value: 'SPLICE^TEST' },
    { action: 'delete', tag: 'StudyDescription' },
  ],
  [{ action: 'set', tag: 'SOPInstanceUID', value: '2.25.987654321' }],
];

/** A header read as DicomFile.readHeader makes it: the first bytes of the file, ending past the header. */
function headerRead(buf: Buffer): { header: DicomFile; cut: number } | undefined {
  const whole = DicomFile.parse(buf, { headerOnly: true });
  if (whole.complete || whole.syntax.deflated) return undefined; // no pixel data to stream, or inflated whole
  const last = whole.elements[whole.elements.length - 1];
  const headerEnd = whole.layout.datasetOffset + (last ? last.end : 0);
  const cut = Math.min(buf.length - 1, headerEnd + 100);
  return { header: DicomFile.parse(buf.subarray(0, cut), { headerOnly: true }), cut };
}

describe('morphing a header read, the rest of the file spliced after it', () => {
  const cases = listSampleFiles().map((path) => ({ name: path.split('/').pop() ?? path, path }));
  const streamable = cases.filter((c) => headerRead(readSampleFile(c.name)) !== undefined);

  it('the corpus has objects with pixel data to stream', () => {
    expect(streamable.length).toBeGreaterThan(10);
  });

  it.each(streamable)('$name: spliced output is byte-identical to the whole-file morph', ({ name }) => {
    const buf = readSampleFile(name);
    const read = headerRead(buf);
    if (!read) throw new Error('not streamable');
    const offset = spliceOffset(read.header);
    expect(offset).toBe(read.cut);
    const wholeFile = DicomFile.parse(buf, { headerOnly: true });
    for (const mods of HEADER_EDITS) {
      expect(needsWholeDataset(mods)).toBe(false);
      const expected = applyModifications(wholeFile, mods);
      const head = applyModifications(read.header, mods);
      expect(head.changed).toBe(expected.changed);
      if (!expected.output || !head.output) continue;
      const spliced = Buffer.concat([head.output, buf.subarray(offset ?? 0)]);
      expect({ mods: mods.map((m) => m.action), same: spliced.equals(expected.output) }).toEqual({
        mods: mods.map((m) => m.action),
        same: true,
      });
      expect(head.changes).toEqual(expected.changes);
    }
  });

  it('de-identification and edits at or past the pixel data need the whole data set', () => {
    expect(needsWholeDataset([{ action: 'deidentify' } as TagModification])).toBe(true);
    expect(needsWholeDataset([{ action: 'delete', tag: 'PixelData' }])).toBe(true);
    expect(needsWholeDataset([{ action: 'set', tag: '(7FE0,0010)', value: 'x' }])).toBe(true);
    expect(needsWholeDataset([{ action: 'set', tag: 'InstitutionName', value: 'x' }])).toBe(false);
  });

  it('a deflated data set has no splice point (it is inflated and re-deflated whole)', () => {
    const deflated = cases
      .map((c) => DicomFile.parse(readSampleFile(c.name), { headerOnly: true }))
      .filter((f) => f.syntax.deflated);
    expect(deflated.length).toBeGreaterThan(0);
    for (const f of deflated) expect(spliceOffset(f)).toBeNull();
  });
});
