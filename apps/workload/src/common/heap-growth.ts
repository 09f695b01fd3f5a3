import { setFlagsFromString } from 'node:v8';

/**
 * How far, in percent, V8 lets the old generation grow past what its last full collection kept
 * before it collects again. Left to itself it allows up to fourfold while requests keep coming:
 * about 35 MB live became 90 MB resident after a burst. V8 reads this flag at every
 * collection, so it can be set once the process runs (NODE_OPTIONS does not take it).
 */
const HEAP_GROWING_PERCENT = 25;

/** Keeps the server's heap close to what it holds live (docs/benchmarks.md, "Memory"). */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
