import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DicomFile } from '@axiom/dicom-io';
import { REPO_ROOT, SAMPLES_DIR, echo, run, waitFor } from '@axiom/testing';

/** Helpers of the DIMSE Q/R suite: Orthanc as the source PACS, synthetic studies, the API. */

export function newUid(): string {
  return `2.25.${BigInt(`0x${randomBytes(15).toString('hex')}`).toString()}`;
}

/** `count` copies of a sample in one series of one study of one patient, each with a new SOP Instance UID (dcmodify). */
export function syntheticSeries(
  dir: string,
  sample: string,
  count: number,
  ids: { study: string; series: string; patientId: string },
): string[] {
  mkdirSync(dir, { recursive: true });
  const files = Array.from({ length: count }, (_, i) => {
    const f = join(dir, `${ids.series}-${i}.dcm`);
    copyFileSync(join(SAMPLES_DIR, sample), f);
    return f;
  });
  const r = run('dcmodify', [
    '-nb',
    '-gin',
    '-m',
    `(0020,000d)=${ids.study}`,
    '-m',
    `(0020,000e)=${ids.series}`,
    '-m',
    `(0010,0020)=${ids.patientId}`,
    ...files,
  ]);
  if (r.status !== 0) throw new Error(`dcmodify failed: ${r.output}`);
  return files;
}

export function sopOf(path: string): string {
  return DicomFile.parse(readFileSync(path), { headerOnly: true }).identity().sopInstanceUid ?? '';
}

export class OrthancSource {
  private constructor(
    readonly pid: number,
    readonly http: string,
    readonly dicomPort: number,
  ) {}

  /** Orthanc (AE ORTHANC) whose modality "axiom" is `destination` (the C-MOVE destination). */
  static async start(
    scratch: string,
    ports: { http: number; dicom: number },
    destination: { aeTitle: string; port: number },
  ): Promise<OrthancSource> {
    const script = resolve(REPO_ROOT, '..', 'shared', 'peers', 'start-orthanc.sh');
    const r = spawnSync('bash', [script, scratch, String(ports.http), String(ports.dicom)], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, AXIOM_AET: destination.aeTitle, AXIOM_PORT: String(destination.port) },
    });
    const pid = Number((r.stdout ?? '').trim().split('\n').at(-1));
    if (r.status !== 0 || !Number.isInteger(pid) || pid <= 0)
      throw new Error(`Orthanc did not start: ${r.stdout ?? ''}${r.stderr ?? ''}`);
    await waitFor('Orthanc to answer C-ECHO', () => echo(ports.dicom, 'ORTHANC'), 30_000, 200);
    return new OrthancSource(pid, `http://127.0.0.1:${ports.http}`, ports.dicom);
  }

  /** Stores files; returns how many Orthanc took. */
  async upload(paths: string[]): Promise<number> {
    let stored = 0;
    for (const p of paths) {
      const res = await fetch(`${this.http}/instances`, {
        method: 'POST',
        body: readFileSync(p),
        signal: AbortSignal.timeout(15_000),
      });
      if (res.ok) stored++;
    }
    return stored;
  }

  /** The SOP Instance UIDs Orthanc holds. */
  async sopInstanceUids(): Promise<string[]> {
    const res = await fetch(`${this.http}/instances?expand`, { signal: AbortSignal.timeout(15_000) });
    const body = (await res.json()) as { MainDicomTags: { SOPInstanceUID?: string } }[];
    return body.map((i) => i.MainDicomTags.SOPInstanceUID ?? '').filter((u) => u !== '');
  }

  /** Points the C-MOVE destination "axiom" elsewhere (the other run mode's listener). */
  async moveDestination(aeTitle: string, port: number): Promise<void> {
    const res = await fetch(`${this.http}/modalities/axiom`, {
      method: 'PUT',
      body: JSON.stringify({ AET: aeTitle, Host: '127.0.0.1', Port: port }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`Orthanc refused the modality change: ${res.status}`);
  }

  async stop(): Promise<void> {
    const alive = (): boolean => {
      try {
        process.kill(this.pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    if (!alive()) return;
    process.kill(this.pid, 'SIGTERM');
    await waitFor('Orthanc to exit', () => !alive(), 20_000, 100).catch(() => process.kill(this.pid, 'SIGKILL'));
  }
}

export interface QrSourceRow {
  id: number;
  name: string;
  retrieve_method: string;
  last_successful_query: string | null;
  last_successful_move: string | null;
  last_error_time: string | null;
  last_error_message: string | null;
  found_study_count: number;
  move_queued_study_count: number;
  processed_instance_count: number;
}

export interface InstanceRow {
  source_type: string;
  source_name: string;
  series_instance_uid: string | null;
  sop_instance_uid: string;
  state: string;
}

export function apiClient(base: string, key: string) {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Api-Key ${key}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}
