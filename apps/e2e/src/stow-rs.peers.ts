import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, waitFor } from '@axiom/testing';

/** A DICOM JSON data set as a STOW-RS answer carries it. */
export type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

export interface StowAnswer {
  status: number;
  json: DicomJson;
}

type Item = Record<string, { Value?: unknown[] } | undefined>;

/** The SOP Instance UIDs listed in 00081199 ReferencedSOPSequence. */
export function referencedUidsOf(json: DicomJson): string[] {
  return ((json['00081199']?.Value ?? []) as Item[]).map((item) => String(item['00081155']?.Value?.[0] ?? ''));
}

/** The items of 00081198 FailedSOPSequence: UID (when known) and 00081197 FailureReason. */
export function failedOf(json: DicomJson): { sopInstanceUid?: string; reason: number }[] {
  return ((json['00081198']?.Value ?? []) as Item[]).map((item) => {
    const uid = item['00081155']?.Value?.[0];
    return { ...(uid ? { sopInstanceUid: String(uid) } : {}), reason: Number(item['00081197']?.Value?.[0]) };
  });
}

export interface OrthancPeer {
  /** Stores a file in Orthanc; its Orthanc id. */
  upload(path: string): Promise<string>;
  /** Orthanc sends the instances to the router by STOW-RS as an asynchronous job; the job as it ended. */
  stowJob(ids: string[]): Promise<{ State: string; ErrorDescription?: string }>;
  /** Writes the file Orthanc holds for an instance under `dir`; its path. */
  download(id: string, dir: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Orthanc (../shared/peers/start-orthanc.sh) with its DICOMweb server entry `axiom` pointing at
 * the router's STOW-RS root, authenticated with an API key.
 */
export async function startOrthancPeer(o: {
  dir: string;
  httpPort: number;
  dicomPort: number;
  stowUrl: string;
  apiKey: string;
  scriptDir: string;
}): Promise<OrthancPeer> {
  const started = run(
    'bash',
    [join(o.scriptDir, 'start-orthanc.sh'), o.dir, String(o.httpPort), String(o.dicomPort)],
    60_000,
  );
  const pid = Number(started.output.trim().split('\n').pop());
  if (started.status !== 0 || !Number.isInteger(pid) || pid <= 0)
    throw new Error(`Orthanc did not start: ${started.output}`);
  const rest = `http://127.0.0.1:${o.httpPort}`;
  const call = async <T>(method: string, path: string, body?: string | Uint8Array): Promise<T> => {
    const res = await fetch(`${rest}${path}`, { method, body });
    const text = await res.text();
    if (!res.ok) throw new Error(`Orthanc ${method} ${path} -> ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const peer: OrthancPeer = {
    upload: async (path) => (await call<{ ID: string }>('POST', '/instances', new Uint8Array(readFileSync(path)))).ID,
    stowJob: async (ids) => {
      const job = await call<{ ID: string }>(
        'POST',
        '/dicom-web/servers/axiom/stow',
        JSON.stringify({ Resources: ids, Asynchronous: true }),
      );
      return waitFor(
        'the Orthanc STOW-RS job to end',
        async () => {
          const state = await call<{ State: string; ErrorDescription?: string }>('GET', `/jobs/${job.ID}`);
          return state.State === 'Success' || state.State === 'Failure' ? state : undefined;
        },
        60_000,
        200,
      );
    },
    download: async (id, dir) => {
      const res = await fetch(`${rest}/instances/${id}/file`);
      const path = join(dir, `orthanc-${id}.dcm`);
      writeFileSync(path, Buffer.from(await res.arrayBuffer()));
      return path;
    },
    stop: async () => {
      if (!alive()) return;
      process.kill(pid, 'SIGTERM');
      await waitFor('Orthanc to exit', () => !alive(), 20_000, 200).catch(() => process.kill(pid, 'SIGKILL'));
    },
  };
  try {
    // chunked transfer encoding is Orthanc's default: the router must take it
    await call(
      'PUT',
      '/dicom-web/servers/axiom',
      JSON.stringify({ Url: o.stowUrl, HttpHeaders: { Authorization: `Api-Key ${o.apiKey}` } }),
    );
  } catch (err) {
    await peer.stop();
    throw err;
  }
  return peer;
}

interface DicomwebClientModule {
  api: {
    DICOMwebClient: new (options: { url: string; headers: Record<string, string> }) => {
      storeInstances(options: {
        datasets: ArrayBuffer[];
        studyInstanceUID?: string;
        request?: { instance: unknown };
      }): Promise<unknown>;
    };
  };
}

/**
 * Stores files with the npm dicomweb-client package. It is written for browsers and needs
 * XMLHttpRequest: the xhr2 package (a devDependency) provides it, in this test only.
 */
export async function storeWithDicomwebClient(
  url: string,
  apiKey: string,
  paths: string[],
  studyInstanceUID?: string,
): Promise<StowAnswer> {
  const globals = globalThis as { XMLHttpRequest?: new () => { status: number } };
  globals.XMLHttpRequest ??= require('xhr2') as new () => { status: number };
  const xhr = new globals.XMLHttpRequest();
  const { api } = require('dicomweb-client') as DicomwebClientModule;
  const client = new api.DICOMwebClient({ url, headers: { Authorization: `Api-Key ${apiKey}` } });
  const datasets = paths.map((p) => {
    const bytes = readFileSync(p);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
  });
  try {
    const response = await client.storeInstances({
      datasets,
      request: { instance: xhr },
      ...(studyInstanceUID ? { studyInstanceUID } : {}),
    });
    return { status: xhr.status, json: JSON.parse(String(response)) as DicomJson };
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (typeof status !== 'number') throw err;
    return { status, json: {} };
  }
}
