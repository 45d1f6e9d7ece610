#!/usr/bin/env node
// The router's C-STORE SCU alone, without ledger or routing: sends every *.dcm of a folder to a
// peer through StoreAssociationPool with N parallel associations (as the C-STORE destination does)
// and prints "inst/s cpu-ms-per-instance". Runs against the compiled tree:
//   node -r dist/tools/runtime/register-aliases.js tools/bench/scu-alone.js HOST PORT AET DIR [ASSOCIATIONS]
'use strict';
const { readdirSync, openSync, readSync, closeSync } = require('node:fs');
const { join } = require('node:path');
const { StoreAssociationPool } = require('@axiom/dicom-dimse');
const { DicomFile } = require('@axiom/dicom-io');

async function main() {
  const [host, port, aet, dir, n = '2'] = process.argv.slice(2);
  if (!dir) throw new Error('usage: scu-alone.js HOST PORT AET DIR [ASSOCIATIONS]');
  const associations = Number(n);
  // the facts a delivery row carries (the router parses nothing at send time either)
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => {
      const path = join(dir, f);
      const head = Buffer.alloc(64 * 1024);
      const fd = openSync(path, 'r');
      const len = readSync(fd, head, 0, head.length, 0);
      closeSync(fd);
      const file = DicomFile.parse(head.subarray(0, len), { headerOnly: true });
      const id = file.identity();
      return {
        path,
        datasetOffset: file.layout.datasetOffset,
        transferSyntaxUid: file.layout.transferSyntaxUid,
        sopClassUid: id.sopClassUid,
        sopInstanceUid: id.sopInstanceUid,
      };
    });
  const pool = new StoreAssociationPool({ connectTimeoutMs: 5000, responseTimeoutMs: 60_000, idleCloseMs: 5000 });
  const peer = { host, port: Number(port), callingAeTitle: 'AXIOM', calledAeTitle: aet };
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      const rsp = await pool.store(peer, file, associations);
      if (rsp.status !== 0) throw new Error(`${file.path}: status ${rsp.status}`);
    }
  };
  await Promise.all(Array.from({ length: associations }, worker));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  await pool.closeAll();
  console.log(`${(files.length / seconds).toFixed(1)} ${((cpu.user + cpu.system) / 1000 / files.length).toFixed(2)}`);
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
