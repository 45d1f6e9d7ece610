// Preloaded into the router processes by `npm run bench` when profiling:
// - SIGUSR2 ends the process with a normal exit, so that node writes its --cpu-prof profile
//   (Nest's own SIGTERM handling re-raises the signal, which ends the process before that);
// - with BENCH_PHASE_PROFILE_DIR set, SIGWINCH starts a CPU profile and the next SIGWINCH stops it and
//   writes it there: the benchmark brackets one timed run with them (BENCH_PROFILE_ROW). Not SIGHUP:
//   Nest's shutdown hooks take that one.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

process.on('SIGUSR2', () => process.exit(0));

const dir = process.env.BENCH_PHASE_PROFILE_DIR;
if (dir) {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const name = process.env.BENCH_PHASE_PROFILE_NAME || `pid${process.pid}`;
  let running = false;
  let count = 0;
  process.on('SIGWINCH', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () => session.post('Profiler.start'));
      return;
    }
    running = false;
    session.post('Profiler.stop', (err, result) => {
      if (err) console.error(`phase profile failed: ${err.message}`);
      else writeFileSync(join(dir, `${name}-phase-${++count}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
