#!/usr/bin/env node
// Receive-to-delivered latency of every delivered delivery in the embedded mode's SQLite ledger
// (instances.received_at -> deliveries.delivered_at), per minute of the run and overall.
//   node tools/bench/soak-latency.js SQLITE_FILE  ->  lines "minute n p50 p99", then "all n p50 p99 max"
'use strict';
const Database = require('better-sqlite3');

const pct = (sorted, p) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (text) => Date.parse(`${String(text).replace(' ', 'T')}Z`);

const db = new Database(process.argv[2], { readonly: true, fileMustExist: true });
const rows = db
  .prepare(
    `SELECT i.received_at AS r, d.delivered_at AS d FROM deliveries d JOIN instances i ON i.id = d.instance_id
  WHERE d.status = 'delivered' AND d.delivered_at IS NOT NULL ORDER BY i.received_at`,
  )
  .all();
const open = db.prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE status <> 'delivered'`).get().n;
db.close();
if (rows.length === 0) throw new Error('no delivered deliveries in the ledger');
const first = ms(rows[0].r);
const byMinute = new Map();
const all = [];
for (const row of rows) {
  const latency = ms(row.d) - ms(row.r);
  all.push(latency);
  const minute = Math.floor((ms(row.r) - first) / 60_000);
  if (!byMinute.has(minute)) byMinute.set(minute, []);
  byMinute.get(minute).push(latency);
}
for (const [minute, values] of byMinute) {
  values.sort((a, b) => a - b);
  console.log(`minute ${minute + 1} ${values.length} ${pct(values, 50)} ${pct(values, 99)}`);
}
all.sort((a, b) => a - b);
const slow = all.filter((v) => v > 1000).length;
console.log(`all ${all.length} ${pct(all, 50)} ${pct(all, 99)} ${all[all.length - 1]} over1s ${slow} open ${open}`);
