import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { AddressInfo, connect, createServer } from 'node:net';
import { join } from 'node:path';
import { IncomingFiles, ScpListener } from '@axiom/dicom-dimse';
import { DicomFile, readPart10Layout } from '@axiom/dicom-io';
import { sampleCorpusDir } from '@axiom/dicom-io/testing';
import type { OutgoingInstance } from '../destination';

/** Test support for the C-STORE destination specs: samples as outgoing instances, real peers on free ports. */

export function outgoing(name: string): OutgoingInstance {
  const path = join(sampleCorpusDir(), name);
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

export async function freeLocalPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Storescp {
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/** dcmtk storescp on a free port; `+B` writes what it received byte for byte. */
export async function startStorescp(dir: string, extraArgs: string[]): Promise<Storescp> {
  mkdirSync(dir, { recursive: true });
  const port = await freeLocalPort();
  const child: ChildProcess = spawn('storescp', ['-aet', 'STORESCP', '-od', dir, '+B', ...extraArgs, String(port)], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, 10_000);
  return {
    port,
    dir,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A C-STORE SCP (our own listener) that keeps nothing and answers each C-STORE with
 * `statusFor(transfer syntax)`: the peer that accepts a syntax and then fails it (0xCxxx), which
 * neither storescp nor Orthanc can be made to be.
 */
export async function startStatusScp(
  statusFor: (transferSyntaxUid: string) => number,
): Promise<{ port: number; stores: string[]; close: () => Promise<void> }> {
  const stores: string[] = [];
  // it keeps nothing: received bytes go nowhere
  const incoming: IncomingFiles = {
    open: () => ({ path: '', append: () => undefined, complete: async () => undefined, discard: () => undefined }),
  };
  const listener = new ScpListener({
    name: 'status-scp',
    aeTitle: 'STORESCP',
    port: 0,
    host: '127.0.0.1',
    incoming,
    handler: {
      store: async (instance) => {
        stores.push(instance.transferSyntaxUid);
        return { status: statusFor(instance.transferSyntaxUid) };
      },
    },
  });
  await listener.start();
  return {
    port: listener.port,
    stores,
    close: async () => {
      await listener.stop();
    },
  };
}
