import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The shared peers folder (Orthanc's start script and base config), next to the checkout. */
export const PEERS_DIR = resolve(__dirname, '..', '..', '..', '..', '..', '..', 'shared', 'peers');

/**
 * Orthanc's HTTP filter (Lua): under the DICOMweb root, a call needs the given Authorization
 * header, or only a bearer token (the Cloud Healthcare layout). Orthanc answers 403 otherwise.
 */
function authFilter(root: string, exactAuthorization: string | null): string {
  const check =
    exactAuthorization === null
      ? `auth ~= nil and string.sub(auth, 1, 7) == 'Bearer '`
      : `auth == '${exactAuthorization}'`;
  return `function IncomingHttpRequestFilter(method, uri, ip, username, httpHeaders)
  if string.sub(uri, 1, ${root.length}) == '${root}' then
    local auth = httpHeaders['authorization']
    return ${check}
  end
  return true
end
`;
}

export interface OrthancPeer {
  httpPort: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** The DICOMweb root path, e.g. `/dicom-web/` or Google's deep path. */
  dicomWebRoot: string;
  /** Orthanc's stored copy of an instance (its file as received), or null. */
  storedFile(sopInstanceUid: string): Promise<Buffer | null>;
  /** Stores a file directly (through Orthanc's REST API, not DICOMweb). */
  store(file: Buffer): Promise<void>;
  /** Removes every stored patient (and so every instance). */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

export interface OrthancPeerOptions {
  dir: string;
  httpPort: number;
  dicomPort: number;
  /** Another DICOMweb root, e.g. `/v1/projects/p/locations/l/datasets/d/dicomStores/s/dicomWeb/`; it then needs a bearer token. */
  dicomWebRoot?: string;
  /** HTTP basic credentials the DICOMweb root requires (Orthanc's REST API stays open to the test). */
  basicAuth?: { username: string; password: string };
}

/** Orthanc (the shared start script) as a DICOMweb origin server, optionally laid out like Cloud Healthcare. */
export async function startOrthancPeer(o: OrthancPeerOptions): Promise<OrthancPeer> {
  mkdirSync(o.dir, { recursive: true });
  const base = JSON.parse(readFileSync(join(PEERS_DIR, 'orthanc.json'), 'utf8')) as Record<string, unknown> & {
    DicomWeb: Record<string, unknown>;
  };
  const root = o.dicomWebRoot ?? '/dicom-web/';
  base.DicomWeb = { ...base.DicomWeb, Root: root };
  const basic = o.basicAuth
    ? `Basic ${Buffer.from(`${o.basicAuth.username}:${o.basicAuth.password}`).toString('base64')}`
    : null;
  if (o.dicomWebRoot || basic) {
    const lua = join(o.dir, 'auth-filter.lua');
    writeFileSync(lua, authFilter(root, basic));
    base['LuaScripts'] = [lua];
  }
  const config = join(o.dir, 'base.json');
  writeFileSync(config, JSON.stringify(base));
  const out = execFileSync(
    'bash',
    [join(PEERS_DIR, 'start-orthanc.sh'), join(o.dir, 'run'), String(o.httpPort), String(o.dicomPort)],
    {
      env: { ...process.env, ORTHANC_BASE_CONFIG: config },
      timeout: 40_000,
      encoding: 'utf8',
    },
  );
  const pid = Number(out.trim().split('\n').pop());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`Orthanc did not start: ${out}`);
  const origin = `http://127.0.0.1:${o.httpPort}`;
  return {
    httpPort: o.httpPort,
    origin,
    dicomWebRoot: root,
    storedFile: async (sopInstanceUid) => {
      const ids = (await (await fetch(`${origin}/tools/lookup`, { method: 'POST', body: sopInstanceUid })).json()) as {
        ID: string;
        Type: string;
      }[];
      const id = ids.find((x) => x.Type === 'Instance')?.ID;
      if (!id) return null;
      return Buffer.from(await (await fetch(`${origin}/instances/${id}/file`)).arrayBuffer());
    },
    store: async (file) => {
      const r = await fetch(`${origin}/instances`, { method: 'POST', body: file });
      if (r.status !== 200) throw new Error(`Orthanc refused the file: HTTP ${r.status}`);
    },
    clear: async () => {
      for (const id of (await (await fetch(`${origin}/patients`)).json()) as string[])
        await fetch(`${origin}/patients/${id}`, { method: 'DELETE' });
    },
    stop: async () => {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        return;
      }
      const deadline = Date.now() + 20_000;
      for (;;) {
        try {
          process.kill(pid, 0);
        } catch {
          return;
        }
        if (Date.now() > deadline) {
          process.kill(pid, 'SIGKILL');
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

/**
 * Valid samples Orthanc 1.10.1 refuses over STOW-RS (HTTP 400): four its DICOM parser cannot
 * read (no meta group length, an item in another character set, private sequences of undefined
 * length) and two compressed ones it cannot decode (0xC000). A destination must fail these
 * permanently with Orthanc's reason, and deliver everything else.
 */
export const ORTHANC_REFUSED_SAMPLES = [
  'charset-sq-item-different-charset.dcm',
  'meta-no-group-length.dcm',
  'private-sq-as-un-undefined-length.dcm',
  'private-sq-undefined-length-implicit.dcm',
  'sc-htj2k-lossless-rgb.dcm',
  'sc-jpegls-near-lossless.dcm',
];
