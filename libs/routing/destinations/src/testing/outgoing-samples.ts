import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DicomFile, readPart10Layout } from '@axiom/dicom-io';
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
