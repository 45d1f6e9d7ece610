import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DicomFile, readPart10Layout } from '@axiom/dicom-io';
import { SAMPLES_DIR } from './processes';

export interface Sample {
  name: string;
  path: string;
  sopInstanceUid: string;
  sopClassUid: string;
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
      const id = file.identity();
      return {
        name,
        path,
        sopInstanceUid: id.sopInstanceUid ?? '',
        sopClassUid: id.sopClassUid ?? '',
        transferSyntaxUid: file.transferSyntaxUid,
      };
    });
}

export function invalidSamples(): string[] {
  const dir = join(SAMPLES_DIR, 'invalid');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Samples a standard sender can transmit: C-STORE needs a SOP Class and a SOP Instance UID, and
 * a few samples (bare or damaged meta, no data set UIDs) have neither; dcmsend refuses those.
 */
export function sendableSamples(): Sample[] {
  return validSamples().filter((s) => s.sopInstanceUid !== '' && s.sopClassUid !== '');
}

/** Splits samples into batches in which no SOP Instance UID repeats (receivers file by UID). */
export function batchesByUid<S extends Sample>(samples: S[]): S[][] {
  const batches: S[][] = [];
  for (const s of samples) {
    const batch = batches.find((b) => !b.some((x) => x.sopInstanceUid === s.sopInstanceUid));
    if (batch) batch.push(s);
    else batches.push([s]);
  }
  return batches;
}

/**
 * The data set bytes of a Part 10 file as stored (still deflated for the deflated syntax): what
 * travels on the wire. Meta headers differ by writer and are not part of it.
 */
export function datasetOf(path: string): Buffer {
  const buf = readFileSync(path);
  return Buffer.from(buf.subarray(readPart10Layout(buf).datasetOffset));
}
