import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DicomFile, readPart10Layout, spliceOffset } from '@axiom/dicom-io';
import { sampleCorpusDir } from '@axiom/dicom-io/testing';
import type { OutgoingInstance } from '../destination';
import { outgoing } from './cstore-peers';

/** Any Part 10 file as an outgoing instance. */
export function outgoingFile(path: string): OutgoingInstance {
  const buf = readFileSync(path);
  const layout = readPart10Layout(buf);
  const id = DicomFile.parse(buf, { headerOnly: true }).identity();
  return {
    path,
    datasetOffset: layout.datasetOffset,
    sopClassUid: id.sopClassUid ?? '',
    sopInstanceUid: id.sopInstanceUid ?? '',
    studyInstanceUid: id.studyInstanceUid ?? null,
    seriesInstanceUid: id.seriesInstanceUid ?? null,
    transferSyntaxUid: layout.transferSyntaxUid,
  };
}

/** Every valid sample that has the SOP Class and SOP Instance UIDs a sender needs, as outgoing instances. */
export function sendableOutgoing(): OutgoingInstance[] {
  return readdirSync(sampleCorpusDir())
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => outgoing(f))
    .filter((o) => o.sopInstanceUid !== '' && o.sopClassUid !== '');
}

/** `count` copies of a sample in its study and series, each with a new SOP Instance UID (dcmtk's dcmodify). */
export function sameStudyCopies(dir: string, sample: string, count: number): OutgoingInstance[] {
  mkdirSync(dir, { recursive: true });
  const files = Array.from({ length: count }, (_, i) => join(dir, `copy-${i}.dcm`));
  for (const f of files) copyFileSync(join(sampleCorpusDir(), sample), f);
  execFileSync('dcmodify', ['-nb', '-gin', ...files], { timeout: 60_000 });
  return files.map((f) => outgoingFile(f));
}

/**
 * The same instance as a spliced output, the way routing keeps a morphed one: its start (up to
 * the pixel data, the whole file when deflated) as the head, and the rest in a file of `dir`
 * that begins with 777 other bytes. Sent right, the bytes are the sample's; a sender that ignored
 * the splice would send the filler.
 */
export function splicedOutgoing(instance: OutgoingInstance, dir: string): OutgoingInstance {
  const bytes = readFileSync(instance.path);
  const cut = spliceOffset(DicomFile.parse(bytes, { headerOnly: true })) ?? bytes.length;
  const filler = Buffer.alloc(777, 0xee);
  mkdirSync(dir, { recursive: true });
  const rest = join(dir, `${basename(instance.path)}.rest`);
  writeFileSync(rest, Buffer.concat([filler, bytes.subarray(cut)]));
  return { ...instance, path: rest, splice: { head: bytes.subarray(0, cut), sourceOffset: filler.length } };
}
