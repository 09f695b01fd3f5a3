/**
 * Environment of the workload's process that is not configuration (the workload never reads it):
 * settings of the C library and of Node.js that keep its resident memory near what it holds live
 * under load (docs/benchmarks.md, "Memory"). Wherever the service is started (the charm's Pebble
 * layer, the benchmarks, `npm start`) it gets these, so that every run has the measured profile.
 */
export const PROCESS_ENVIRONMENT: Readonly<Record<string, string>> = {
  // glibc gives every thread that allocates (libuv's pool, V8's compiler and GC threads) an
  // arena of its own, up to 8 per core, each keeping what was freed in it: 5 to 9 MiB less.
  MALLOC_ARENA_MAX: '2',
  // V8 sizes the young generation from the machine's memory: 32 MB semi-spaces, 64 MB resident
  // once a burst of requests has grown them. 16 MB halves that; it is read only at start-up,
  // so it cannot be set from the code.
  NODE_OPTIONS: '--max-semi-space-size=16',
};
