import { createDeflateRaw } from 'node:zlib';
import { DicomElement, DicomItem } from '../dataset-model';
import { DicomFile } from '../dicom-file';
import { encodeElement, encodeElementHeader } from '../element-writer';
import { buildPart10Header } from '../part10';
import { readSampleFile } from './sample-corpus';
import { TransferSyntax } from '../transfer-syntax';

/**
 * Hostile and legacy objects built from the sample corpus, for tests of every layer that reads
 * DICOM (the io parser, ingest, the dry run): generated, so no crafted file needs to be stored.
 */

const EXPLICIT_LE = { littleEndian: true, explicitVr: true };
const MiB = 1024 * 1024;

/** A Deflated Explicit VR LE file whose pixel data is `zeroBytes` zeros: tiny on disk, huge inflated. */
export async function deflateBomb(zeroBytes: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  deflate.write(
    Buffer.concat([
      encodeElement(0x00080016, 'UI', Buffer.from('1.2.840.10008.5.1.4.1.1.7\0', 'latin1'), EXPLICIT_LE),
      encodeElement(0x00080018, 'UI', Buffer.from('2.25.1234\0', 'latin1'), EXPLICIT_LE),
      encodeElementHeader(0x7fe00010, 'OW', zeroBytes, EXPLICIT_LE),
    ]),
  );
  const zeros = Buffer.alloc(MiB);
  for (let left = zeroBytes; left > 0; left -= zeros.length) {
    if (!deflate.write(left >= zeros.length ? zeros : zeros.subarray(0, left)))
      await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await ended;
  const header = buildPart10Header({
    sopClassUid: '1.2.840.10008.5.1.4.1.1.7',
    sopInstanceUid: '2.25.1234',
    transferSyntaxUid: TransferSyntax.DeflatedExplicitVrLittleEndian,
  });
  return Buffer.concat([header, ...chunks]);
}

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
};
const tagBytes = (tag: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt16LE(tag >>> 16, 0);
  b.writeUInt16LE(tag & 0xffff, 2);
  return b;
};

/** Implicit VR LE encoding of elements (what a UN sequence holds, CP-246). */
function implicitElements(buf: Buffer, elements: DicomElement[]): Buffer {
  return Buffer.concat(
    elements.map((el) => {
      if (!el.items)
        return Buffer.concat([
          tagBytes(el.tag),
          u32(el.valueLength),
          buf.subarray(el.valueOffset, el.valueOffset + el.valueLength),
        ]);
      return Buffer.concat([
        tagBytes(el.tag),
        u32(0xffffffff),
        ...el.items.map((it) => implicitItem(buf, it)),
        tagBytes(0xfffee0dd),
        u32(0),
      ]);
    }),
  );
}
function implicitItem(buf: Buffer, item: DicomItem): Buffer {
  return Buffer.concat([
    tagBytes(0xfffee000),
    u32(0xffffffff),
    implicitElements(buf, item.elements),
    tagBytes(0xfffee00d),
    u32(0),
  ]);
}

/**
 * A valid sample rewritten as a CP-246 sender would: every element VR UN with a 4-byte length
 * (sequences UN of undefined length, their content implicit VR LE), and a file meta carrying
 * the UIDs a dcmtk sender announced for it ("31").
 */
export function allUnFile(sample: string): { file: Buffer; original: DicomFile } {
  const original = DicomFile.parse(readSampleFile(sample));
  const ds = original.dataset;
  const body = Buffer.concat(
    original.elements.map((el) => {
      if (el.items)
        return Buffer.concat([
          tagBytes(el.tag),
          Buffer.from('UN\0\0', 'latin1'),
          u32(0xffffffff),
          implicitElements(ds, [el]).subarray(8),
        ]);
      return Buffer.concat([
        tagBytes(el.tag),
        Buffer.from('UN\0\0', 'latin1'),
        u32(el.valueLength),
        ds.subarray(el.valueOffset, el.valueOffset + el.valueLength),
      ]);
    }),
  );
  const header = buildPart10Header({
    sopClassUid: original.identity().sopClassUid ?? '',
    sopInstanceUid: '31',
    transferSyntaxUid: TransferSyntax.ExplicitVrLittleEndian,
  });
  return { file: Buffer.concat([header, body]), original };
}

/** Every (0040,A730) at any depth, nested ones first. */
function contentSequences(elements: DicomElement[]): DicomElement[] {
  return elements.flatMap((el) => [
    ...(el.items ?? []).flatMap((it) => contentSequences(it.elements)),
    ...(el.tag === 0x0040a730 ? [el] : []),
  ]);
}

/**
 * A sample whose ContentSequence (0040,A730) headers say CS instead of SQ, as a legacy encoder
 * wrote them. `long`: every one at any depth, the VR bytes swapped in place (two reserved bytes
 * and the 4-byte length kept); `short`: the top-level one with a 2-byte length (defined length).
 */
export function legacyContentSequence(
  sample: string,
  form: 'long' | 'short',
): { bytes: Buffer; element: DicomElement; original: DicomFile; rewritten: number } {
  const original = DicomFile.parse(readSampleFile(sample));
  const el = original.elements.find((e) => e.tag === 0x0040a730) as DicomElement;
  const ds = original.dataset;
  let dataset: Buffer;
  let rewritten = 1;
  if (form === 'long') {
    dataset = Buffer.from(ds);
    const all = contentSequences(original.elements);
    for (const seq of all) dataset.write('CS', seq.headerOffset + 4, 'latin1');
    rewritten = all.length;
  } else {
    const header = encodeElementHeader(el.tag, 'CS', el.valueLength, { littleEndian: true, explicitVr: true });
    dataset = Buffer.concat([
      ds.subarray(0, el.headerOffset),
      header,
      ds.subarray(el.valueOffset, el.end),
      ds.subarray(el.end),
    ]);
  }
  return {
    bytes: Buffer.concat([original.file.subarray(0, original.layout.datasetOffset), dataset]),
    element: el,
    original,
    rewritten,
  };
}
