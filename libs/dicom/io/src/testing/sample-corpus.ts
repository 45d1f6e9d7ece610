import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The shared DICOM sample corpus (`../shared/dicom-samples` next to the repository, or
 * DICOM_SAMPLES_DIR). Tests and benchmarks of the pure libraries read it through here, so that
 * those libraries themselves need no file system access.
 */
export function sampleCorpusDir(): string {
  return process.env['DICOM_SAMPLES_DIR'] ?? resolve(__dirname, '../../../../../../shared/dicom-samples');
}

/** Names of the valid sample files (top folder), sorted. */
export function listSampleFiles(sub = ''): string[] {
  return readdirSync(join(sampleCorpusDir(), sub))
    .filter((f) => f.endsWith('.dcm'))
    .sort();
}

export function readSampleFile(name: string): Buffer {
  return readFileSync(join(sampleCorpusDir(), name));
}
