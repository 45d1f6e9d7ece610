#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof): self time by area (our libs, packages, node
// internals, GC) and the top functions by self time.   node cpu-profile-top.js FILE [TOP]
'use strict';
const { readFileSync } = require('node:fs');

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: cpu-profile-top.js FILE.cpuprofile [TOP]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

function area(frame) {
  const url = frame.url || '';
  if (!url) return `(${frame.functionName || 'native'})`;
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `package ${pkg[1]}`;
  const lib = /dist\/(libs\/[^/]+\/[^/]+|apps\/[^/]+)/.exec(url);
  return lib ? lib[1] : url;
}

const areas = new Map();
const functions = new Map();
let total = 0;
let idle = 0;
for (const [id, us] of selfUs) {
  const frame = byId.get(id).callFrame;
  if (frame.functionName === '(idle)') {
    idle += us;
    continue;
  }
  total += us;
  const a = area(frame);
  areas.set(a, (areas.get(a) ?? 0) + us);
  const short = (frame.url || '').replace(/^.*\/(dist|node_modules)\//, '$1/');
  const key = `${frame.functionName || '(anonymous)'} ${short}:${frame.lineNumber + 1}`;
  functions.set(key, (functions.get(key) ?? 0) + us);
}
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
console.log(`busy ${ms(total)}, idle ${ms(idle)}`);
console.log('-- self time by area');
for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1]).slice(0, 15)) console.log(`${ms(us)} ${pct(us)}  ${a}`);
console.log(`-- top ${top} functions by self time`);
for (const [f, us] of [...functions].sort((x, y) => y[1] - x[1]).slice(0, top))
  console.log(`${ms(us)} ${pct(us)}  ${f}`);
