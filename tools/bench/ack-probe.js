// BENCH_ACK_PROBE=1: preloaded into the embedded router (node -r), times the way of each C-STORE
// from its last byte to its answer and prints medians to the router's log every 400 instances
// (the bench prints them at the end). Stages, in ms: the writes catch up (written), the
// fdatasync (durable), the rename and folder fsync (name), ingest's call to its answer, the
// ledger commit it waits for, and the gap from one answer to the next instance's hand-over
// (the sender's turn-around, the transfer, the receive). It patches prototypes once the app's
// modules are loaded (a timer after the preloads); nothing here runs unless asked for.
const DIST = process.env.BENCH_PROBE_DIST;
const now = () => Number(process.hrtime.bigint()) / 1e6;
const done = [];
const byPath = new Map();
let current = null;

function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return v.length ? v[v.length >> 1].toFixed(3) : '-';
}

function report() {
  const last = done.slice(-400);
  const m = (f) => median(last.map(f));
  const gaps = last.slice(1).map((r, i) => r.in - last[i].out);
  console.error(
    `ACK-PROBE n=${done.length} (medians, ms after the last byte) written=${m((r) => r.w?.written - r.w?.end)}` +
      ` handed=${m((r) => r.in - r.w?.end)} durable=${m((r) => r.w?.durable - r.w?.end)} name=${m((r) => r.name - r.w?.end)}` +
      ` answered=${m((r) => r.out - r.w?.end)}; ingest call->answer ${m((r) => r.out - r.in)}, its ledger commit` +
      ` ${m((r) => r.recDone - r.recStart)}; answer->next hand-over ${median(gaps)}`,
  );
}

setTimeout(() => {
  if (!DIST) return;
  const { IncomingSpoolWriter } = require(`${DIST}/libs/platform/spool/src/incoming-writer.js`);
  const { SpoolService } = require(`${DIST}/libs/platform/spool/src/spool.service.js`);
  const { LedgerRepository } = require(`${DIST}/libs/platform/persistence/src/ledger/ledger.repository.js`);
  const { IngestService } = require(`${DIST}/libs/feature/ingest/src/ingest.service.js`);
  const finish = IncomingSpoolWriter.prototype.finish;
  IncomingSpoolWriter.prototype.finish = function () {
    const r = { end: now() };
    byPath.set(this.path, r);
    const stages = finish.call(this);
    stages.written.then(
      () => (r.written = now()),
      () => undefined,
    );
    stages.durable.then(
      () => (r.durable = now()),
      () => undefined,
    );
    return stages;
  };
  const commit = SpoolService.prototype.commit;
  SpoolService.prototype.commit = async function (...args) {
    const r = current;
    const out = await commit.apply(this, args);
    if (r)
      out.durable.then(
        () => (r.name = now()),
        () => undefined,
      );
    return out;
  };
  const recordReceived = LedgerRepository.prototype.recordReceived;
  LedgerRepository.prototype.recordReceived = function (...args) {
    const r = current;
    if (r) r.recStart = now();
    const p = recordReceived.apply(this, args);
    p.then(
      () => r && (r.recDone = now()),
      () => undefined,
    );
    return p;
  };
  const ingest = IngestService.prototype.ingest;
  IngestService.prototype.ingest = async function (req) {
    const r = { in: now(), w: byPath.get(req.tempPath) };
    byPath.delete(req.tempPath);
    current = r;
    const out = await ingest.call(this, req);
    r.out = now();
    done.push(r);
    if (done.length % 400 === 0) report();
    return out;
  };
}, 0);
