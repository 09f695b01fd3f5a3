/**
 * How often the C heap hands its unused pages back to the system. glibc gives back freed memory
 * only from the top of its heap: what V8's compilers (about 16 MB of zones in the first seconds
 * under load) and the request buffers free below longer-lived blocks stays resident, 25 MiB
 * after a benchmark run. A trim walks the heap and holds the event loop meanwhile: 5 ms at idle,
 * 8 to 50 ms under load (docs/benchmarks.md, "Memory").
 */
const TRIM_INTERVAL_MS = 2_000;

/** With no batch in flight for this long (idle, or serving reads only), a trim runs on a timer. */
const UNPROMPTED_TRIM_MS = 2 * TRIM_INTERVAL_MS;

/**
 * When the trims run. Under load a trim that holds the event loop while answered clients come back
 * holds up the next batch, and with it every client (and, with several instances, the other
 * instances' clients too). While a batch is in flight (its push sent, or handed to another
 * instance) the event loop has most of a push's time before the answer: what a trim delays then
 * is only requests bound for the next batch, which waits for the push anyway. So a due trim waits
 * for that moment; a service that sends no batch for a while trims on the timer.
 */
export class TrimSchedule {
  private last: number;

  constructor(
    private readonly trim: () => void,
    private readonly now: () => number,
  ) {
    this.last = now();
  }

  /** A batch is in flight: the trim runs if one is due. */
  batchInFlight(): void {
    if (this.now() - this.last >= TRIM_INTERVAL_MS) this.run();
  }

  /** The timer's tick: the trim runs if no batch has given it a moment for a while. */
  tick(): void {
    if (this.now() - this.last >= UNPROMPTED_TRIM_MS) this.run();
  }

  private run(): void {
    this.last = this.now();
    this.trim();
  }
}

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

let schedule: TrimSchedule | undefined;

/** Returns the C heap's free pages to the system every few seconds (docs/benchmarks.md, "Memory"). */
export function trimCHeapPeriodically(): void {
  const trim = mallocTrim();
  if (!trim || schedule) return;
  schedule = new TrimSchedule(
    () => trim(0n),
    () => performance.now(),
  );
  const ticking = schedule;
  setInterval(() => ticking.tick(), TRIM_INTERVAL_MS).unref();
}

/**
 * A batch of this process's is in flight: a due trim runs once the code that sent it has run (a
 * no-op where the trims are not started, as in the CLI's other commands and in tests).
 */
export function trimCHeapIfDue(): void {
  const due = schedule;
  if (due) setImmediate(() => due.batchInFlight());
}
