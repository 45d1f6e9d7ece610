/**
 * Orthanc as a real Q/R peer for the SCU specs of this lib (test code only): started with the
 * shared start script on free ports, filled over REST, stopped and waited for.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freeLocalPorts } from './raw-dul-peer';

const run = promisify(execFile);
export const SHARED_DIR = join(__dirname, '..', '..', '..', '..', '..', '..', 'shared');
export const SAMPLES_DIR = join(SHARED_DIR, 'dicom-samples');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export class OrthancPeer {
  private constructor(
    readonly pid: number,
    readonly http: string,
    readonly dicomPort: number,
    private readonly scratch: string,
  ) {}

  /** `moveDestination`: the AE Orthanc knows as modality "axiom" (the C-MOVE destination). */
  static async start(moveDestination: { aeTitle: string; port: number }): Promise<OrthancPeer> {
    const scratch = mkdtempSync(join(tmpdir(), 'axiom-qr-orthanc-'));
    const [httpPort, dicomPort] = (await freeLocalPorts(2)) as [number, number];
    const { stdout } = await run(
      join(SHARED_DIR, 'peers', 'start-orthanc.sh'),
      [scratch, String(httpPort), String(dicomPort)],
      {
        timeout: 40_000,
        env: { ...process.env, AXIOM_PORT: String(moveDestination.port), AXIOM_AET: moveDestination.aeTitle },
      },
    );
    return new OrthancPeer(
      Number(stdout.trim().split('\n').at(-1)),
      `http://127.0.0.1:${httpPort}`,
      dicomPort,
      scratch,
    );
  }

  /** Stores a file; returns Orthanc's instance id. */
  async upload(bytes: Buffer): Promise<string> {
    const res = await fetch(`${this.http}/instances`, {
      method: 'POST',
      body: bytes,
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`Orthanc refused an upload: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { ID: string }).ID;
  }

  /** The file exactly as Orthanc stores it. */
  async file(instanceId: string): Promise<Buffer> {
    const res = await fetch(`${this.http}/instances/${instanceId}/file`, { signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`Orthanc has no file for ${instanceId}: ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }

  async stop(): Promise<void> {
    if (this.pid > 0 && isAlive(this.pid)) {
      process.kill(this.pid);
      // Orthanc takes a few seconds to shut down (longer on a loaded machine)
      for (let i = 0; i < 400 && isAlive(this.pid); i++) await new Promise((r) => setTimeout(r, 50));
      if (isAlive(this.pid)) process.kill(this.pid, 'SIGKILL');
    }
    rmSync(this.scratch, { recursive: true, force: true });
  }
}
