#!/usr/bin/env node
// A paced C-STORE sender for the soak benchmark: RATE instances per second on one association,
// cycling over the *.dcm of a folder, for SECONDS; prints "sent acked refused p50ms p99ms" (the
// sender's own wait for each acknowledgment). Runs against the compiled tree:
//   node -r dist/tools/runtime/register-aliases.js tools/bench/paced-sender.js HOST PORT AET DIR RATE SECONDS
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { StoreAssociation } = require('@axiom/dicom-dimse');
const { DicomFile } = require('@axiom/dicom-io');

const pct = (sorted, p) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const [host, port, aet, dir, rate = '50', seconds = '600'] = process.argv.slice(2);
  if (!dir) throw new Error('usage: paced-sender.js HOST PORT AET DIR RATE SECONDS');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => {
      const path = join(dir, f);
      const file = DicomFile.parse(readFileSync(path), { headerOnly: true });
      const id = file.identity();
      return {
        path,
        datasetOffset: file.layout.datasetOffset,
        transferSyntaxUid: file.transferSyntaxUid,
        sopClassUid: id.sopClassUid,
        sopInstanceUid: id.sopInstanceUid,
      };
    });
  const needs = [...new Map(files.map((f) => [`${f.sopClassUid}|${f.transferSyntaxUid}`, f])).values()];
  const interval = 1000 / Number(rate);
  const end = Date.now() + Number(seconds) * 1000;
  let scu = null;
  let sent = 0;
  let acked = 0;
  let refused = 0;
  const waits = [];
  const t0 = Date.now();
  while (Date.now() < end) {
    const due = t0 + sent * interval;
    const ahead = due - Date.now();
    if (ahead > 0) await new Promise((r) => setTimeout(r, ahead));
    const file = files[sent % files.length];
    sent++;
    try {
      if (!scu || !scu.isOpen) {
        scu = new StoreAssociation(
          { host, port: Number(port), callingAeTitle: 'SOAK', calledAeTitle: aet },
          { connectTimeoutMs: 5000, responseTimeoutMs: 60_000 },
        );
        await scu.open(needs);
      }
      const started = Date.now();
      const rsp = await scu.store(file);
      waits.push(Date.now() - started);
      if (rsp.status === 0) acked++;
      else refused++;
    } catch {
      refused++;
      scu?.destroy();
      scu = null;
    }
  }
  await scu?.release().catch(() => scu?.destroy());
  waits.sort((a, b) => a - b);
  console.log(`${sent} ${acked} ${refused} ${pct(waits, 50)} ${pct(waits, 99)}`);
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
