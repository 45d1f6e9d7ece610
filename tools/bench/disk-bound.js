#!/usr/bin/env node
// The disk's floor under durable ingest, measured where the spool lives: per 0.5 MB file, what the
// router must do before it may acknowledge (write, fdatasync, rename into the spool, fsync the
// folder), in the same order, one file at a time (one association waits for each answer).
//   node disk-bound.js DIR SAMPLE_FILE [COUNT]   ->  "ms_median inst_per_s_bound"
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [dir, sample, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 200);
const bytes = fs.readFileSync(sample);
const work = fs.mkdtempSync(path.join(dir, 'disk-bound-'));
const incoming = path.join(work, 'incoming');
const spool = path.join(work, 'spool');
fs.mkdirSync(incoming);
fs.mkdirSync(spool);
const times = [];
for (let i = 0; i < count; i++) {
  const t0 = process.hrtime.bigint();
  const temp = path.join(incoming, `${i}.part`);
  const fd = fs.openSync(temp, 'w', 0o600);
  fs.writeSync(fd, bytes);
  fs.fdatasyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(temp, path.join(spool, `${i}.dcm`));
  const dfd = fs.openSync(spool, 'r');
  fs.fsyncSync(dfd);
  fs.closeSync(dfd);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
fs.rmSync(work, { recursive: true, force: true });
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`${median.toFixed(3)} ${(1000 / median).toFixed(1)}`);
