import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what a full GC left live before the next one: 1.5x instead
 * of its dynamic factor, which stays at its floor of 1.1 for this workload.
 *
 * Every received instance passes through about 0.5 MB of socket buffers. They live outside the
 * JavaScript heap but count toward V8's global limit, so at a 1.1 factor over a ~50 MB heap a
 * receiving router ran a full mark-compact every ~150 ms (`--trace-gc`: 5-7 a second,
 * "GC in old space requested", the limit 1.1x the old size). At 1.5x they are rarer; the
 * router's RSS stays flat (docs/benchmarks.md). The operator's own
 * `--heap-growing-percent` (a node flag) wins.
 */
const HEAP_GROWING_PERCENT = 50;

export function tuneHeap(execArgv: readonly string[] = process.execArgv): void {
  if (execArgv.some((a) => a.startsWith('--heap-growing-percent') || a.startsWith('--heap_growing_percent'))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
