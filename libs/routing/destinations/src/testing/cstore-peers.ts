import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { AddressInfo, connect, createServer } from 'node:net';
import { join } from 'node:path';
import { DicomFile, readPart10Layout, sampleCorpusDir } from '@axiom/dicom-io';
import type { OutgoingInstance } from '../destination';

/** Test support for the C-STORE destination specs: samples as outgoing instances, real peers on free ports. */

export function outgoing(name: string): OutgoingInstance {
  const path = join(sampleCorpusDir(), name);
  const buf = readFileSync(path);
  const layout = readPart10Layout(buf);
  const id = DicomFile.parse(buf, { headerOnly: true }).identity();
  return {
    path, datasetOffset: layout.datasetOffset, sopClassUid: id.sopClassUid ?? '', sopInstanceUid: id.sopInstanceUid ?? '',
    studyInstanceUid: id.studyInstanceUid ?? null, seriesInstanceUid: id.seriesInstanceUid ?? null, transferSyntaxUid: layout.transferSyntaxUid,
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
      const s = connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true); });
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
  const child: ChildProcess = spawn('storescp', ['-aet', 'STORESCP', '-od', dir, '+B', ...extraArgs, String(port)], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, 10_000);
  return {
    port, dir,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}


function pdu(type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(6);
  h.writeUInt8(type, 0);
  h.writeUInt32BE(body.length, 2);
  return Buffer.concat([h, body]);
}

function item(type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt8(type, 0);
  h.writeUInt16BE(body.length, 2);
  return Buffer.concat([h, body]);
}

function commandElement(element: number, value: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16LE(element, 2);
  h.writeUInt32LE(value.length, 4);
  return Buffer.concat([h, value]);
}

const us = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16LE(n, 0); return b; };

/**
 * A minimal C-STORE SCP that accepts every proposed context in its first transfer syntax and
 * answers each C-STORE with `statusFor(transfer syntax)`: the peer that accepts a syntax and then
 * fails it (0xCxxx), which neither storescp nor Orthanc can be made to be.
 */
export async function startStatusScp(statusFor: (transferSyntaxUid: string) => number): Promise<{ port: number; stores: string[]; close: () => Promise<void> }> {
  const stores: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    const syntaxOfContext = new Map<number, string>();
    let pending = Buffer.alloc(0);
    let command = Buffer.alloc(0);
    socket.on('data', (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
      while (pending.length >= 6 && pending.length >= 6 + pending.readUInt32BE(2)) {
        const type = pending.readUInt8(0);
        const body = pending.subarray(6, 6 + pending.readUInt32BE(2));
        pending = pending.subarray(6 + body.length);
        if (type === 0x01) {
          const accepted: Buffer[] = [item(0x10, Buffer.from('1.2.840.10008.3.1.1.1', 'latin1'))];
          for (let o = 68; o + 4 <= body.length; o += 4 + body.readUInt16BE(o + 2)) {
            if (body.readUInt8(o) !== 0x20) continue;
            const id = body.readUInt8(o + 4);
            const end = o + 4 + body.readUInt16BE(o + 2);
            for (let s = o + 8; s + 4 <= end; s += 4 + body.readUInt16BE(s + 2)) {
              if (body.readUInt8(s) === 0x40 && !syntaxOfContext.has(id)) syntaxOfContext.set(id, body.toString('latin1', s + 4, s + 4 + body.readUInt16BE(s + 2)));
            }
            accepted.push(item(0x21, Buffer.concat([Buffer.from([id, 0, 0, 0]), item(0x40, Buffer.from(syntaxOfContext.get(id) ?? '', 'latin1'))])));
          }
          const maxLength = Buffer.alloc(4);
          maxLength.writeUInt32BE(65536, 0);
          accepted.push(item(0x50, item(0x51, maxLength)));
          socket.write(pdu(0x02, Buffer.concat([body.subarray(0, 68), ...accepted])));
        } else if (type === 0x04) {
          for (let o = 0; o + 6 <= body.length; o += 4 + body.readUInt32BE(o)) {
            const len = body.readUInt32BE(o);
            const contextId = body.readUInt8(o + 4);
            const flags = body.readUInt8(o + 5);
            if (flags & 1) command = Buffer.concat([command, body.subarray(o + 6, o + 4 + len)]);
            if ((flags & 3) !== 2) continue; // only the last data set fragment gets an answer
            const syntax = syntaxOfContext.get(contextId) ?? '';
            stores.push(syntax);
            let messageId = 0;
            for (let c = 0; c + 8 <= command.length; c += 8 + command.readUInt32LE(c + 4)) {
              if (command.readUInt16LE(c + 2) === 0x0110) messageId = command.readUInt16LE(c + 8);
            }
            command = Buffer.alloc(0);
            const rsp = Buffer.concat([commandElement(0x0100, us(0x8001)), commandElement(0x0120, us(messageId)),
              commandElement(0x0800, us(0x0101)), commandElement(0x0900, us(statusFor(syntax)))]);
            const pdv = Buffer.alloc(6);
            pdv.writeUInt32BE(rsp.length + 2, 0);
            pdv.writeUInt8(contextId, 4);
            pdv.writeUInt8(3, 5);
            socket.write(pdu(0x04, Buffer.concat([pdv, rsp])));
          }
        } else if (type === 0x05) {
          socket.end(pdu(0x06, Buffer.alloc(4)));
        } else {
          socket.destroy();
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stores,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
