/**
 * How often the C heap hands its unused pages back to the system. glibc gives back freed memory
 * only from the top of its heap: what V8's compilers (about 16 MB of zones in the first seconds
 * under load) and the request buffers free below longer-lived blocks stays resident, 25 MiB
 * after a benchmark run. A trim walks the heap: 5 ms at idle, up to about 20 ms under load
 * (docs/benchmarks.md, "Memory").
 */
const TRIM_INTERVAL_MS = 2_000;

/** The part of the experimental `node:ffi` module used here (Node 26; @types/node lacks it). */
interface Ffi {
  dlopen(
    library: null,
    definitions: { malloc_trim: { arguments: ['u64']; return: 'i32' } },
  ): { functions: { malloc_trim(pad: bigint): number } };
}

/** glibc's malloc_trim, or nothing where it or Node's FFI is missing (or refused). */
function mallocTrim(): ((pad: bigint) => number) | undefined {
  try {
    const ffi = process.getBuiltinModule('node:ffi') as Ffi | undefined;
    return ffi?.dlopen(null, { malloc_trim: { arguments: ['u64'], return: 'i32' } }).functions
      .malloc_trim;
  } catch {
    return undefined;
  }
}

/** Returns the C heap's free pages to the system every few seconds (docs/benchmarks.md, "Memory"). */
export function trimCHeapPeriodically(): void {
  const trim = mallocTrim();
  if (trim) setInterval(() => trim(0n), TRIM_INTERVAL_MS).unref();
}
