import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DicomFile, datasetBytes, readPart10Layout } from '@axiom/dicom-io';
import { SAMPLES_DIR } from './processes';

export interface Sample {
  name: string;
  path: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
}

/** The valid samples, with the identity a receiver will file them under. */
export function validSamples(): Sample[] {
  return readdirSync(SAMPLES_DIR)
    .filter((f) => f.endsWith('.dcm') && statSync(join(SAMPLES_DIR, f)).isFile())
    .sort()
    .map((name) => {
      const path = join(SAMPLES_DIR, name);
      const file = DicomFile.parse(readFileSync(path), { headerOnly: true });
      return { name, path, sopInstanceUid: file.identity().sopInstanceUid ?? '', transferSyntaxUid: file.transferSyntaxUid };
    });
}

export function invalidSamples(): string[] {
  const dir = join(SAMPLES_DIR, 'invalid');
  return readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort().map((f) => join(dir, f));
}

/** Splits samples into batches in which no SOP Instance UID repeats (receivers file by UID). */
export function batchesByUid(samples: Sample[]): Sample[][] {
  const batches: Sample[][] = [];
  for (const s of samples) {
    const batch = batches.find((b) => !b.some((x) => x.sopInstanceUid === s.sopInstanceUid));
    if (batch) batch.push(s);
    else batches.push([s]);
  }
  return batches;
}

/** The data set bytes of a Part 10 file (what travels on the wire; meta headers differ by writer). */
export function datasetOf(path: string): Buffer {
  const buf = readFileSync(path);
  return Buffer.from(datasetBytes(buf, readPart10Layout(buf)));
}
