import { Worker } from 'node:worker_threads';

/** One key derivation, as node:crypto computes it. */
export type KdfTask =
  | {
      readonly kind: 'scrypt';
      readonly password: string;
      readonly salt: Buffer;
      readonly keyLength: number;
      readonly cost: { readonly N: number; readonly r: number; readonly p: number };
    }
  | {
      readonly kind: 'pbkdf2';
      readonly password: string;
      readonly salt: string;
      readonly iterations: number;
      readonly keyLength: number;
    };

/** Where password hashes are computed. */
export interface Kdf {
  derive(task: KdfTask): Promise<Buffer>;
}

// Plain JavaScript evaluated in each thread, so that it runs the same from dist/ and under jest.
// The thread lowers its own scheduling priority (Linux keeps a nice value per thread): hashing
// yields the CPU to the event loop that answers requests.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
try { require('node:os').setPriority(workerData.niceness); } catch {}
parentPort.on('message', (task) => {
  try {
    const key = task.kind === 'scrypt'
      ? crypto.scryptSync(task.password, Buffer.from(task.salt), task.keyLength,
          { ...task.cost, maxmem: 256 * task.cost.N * task.cost.r })
      : crypto.pbkdf2Sync(task.password, task.salt, task.iterations, task.keyLength, 'sha256');
    parentPort.postMessage({ key });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message) });
  }
});
`;

interface Job {
  readonly task: KdfTask;
  resolve(key: Buffer): void;
  reject(error: unknown): void;
}

interface Thread {
  readonly worker: Worker;
  job?: Job;
  /** Set while the thread has no job: when it stops. */
  idle?: NodeJS.Timeout;
}

/**
 * How long a thread with nothing to hash is kept: none. Each holds a V8 isolate of its own (about
 * 11 MiB), and the thread started by a client's first request would otherwise still be up when
 * that client's burst peaks (docs/benchmarks.md, "Memory"). Starting one again costs about 13 ms
 * of CPU on its own thread and half a millisecond of the event loop, against 140 to 200 ms for the
 * hash itself. A job that comes in the same turn as the last answer (the next waiting sign-in, a
 * stream of them, an attack) takes the thread before it stops.
 */
const IDLE_THREAD_MS = 0;

/**
 * A few threads of its own for password hashing, so that hashes never occupy the libuv pool that
 * file reads and log writes need. Jobs beyond the threads wait here in order; callers that want
 * fairness (see VerificationQueue) hand over no more than `size` at once.
 */
export class HashPool implements Kdf {
  private readonly threads: Thread[] = [];
  private readonly waiting: Job[] = [];
  private closed = false;

  constructor(
    readonly size: number,
    private readonly niceness = 10,
    private readonly idleMs = IDLE_THREAD_MS,
  ) {}

  /** Threads started and not stopped. */
  get running(): number {
    return this.threads.length;
  }

  derive(task: KdfTask): Promise<Buffer> {
    if (this.closed)
      return Promise.reject(new Error('cannot hash: the hashing threads are stopped'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      const thread = this.threads.find((candidate) => !candidate.job) ?? this.spawn();
      if (!thread) return;
      const job = this.waiting.shift() as Job;
      clearTimeout(thread.idle);
      thread.job = job;
      thread.worker.ref();
      thread.worker.postMessage(job.task);
    }
  }

  private spawn(): Thread | undefined {
    if (this.threads.length >= this.size) return undefined;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { niceness: this.niceness },
    });
    const thread: Thread = { worker };
    worker.on('message', (answer: { key?: Uint8Array; error?: string }) => {
      const job = thread.job;
      thread.job = undefined;
      worker.unref();
      if (answer.key) job?.resolve(Buffer.from(answer.key));
      else job?.reject(new Error(`cannot hash: ${answer.error ?? 'unknown error'}`));
      this.dispatch();
      if (!thread.job) thread.idle = setTimeout(() => this.stop(thread), this.idleMs).unref();
    });
    worker.on('error', (error) => this.lose(thread, error));
    worker.on('exit', (code) => this.lose(thread, new Error(`hashing thread exited (${code})`)));
    this.threads.push(thread);
    return thread;
  }

  /** A thread idle for long enough goes; the next job starts another. */
  private stop(thread: Thread): void {
    const index = this.threads.indexOf(thread);
    if (index < 0 || thread.job) return;
    this.threads.splice(index, 1);
    void thread.worker.terminate();
  }

  /** A thread died: its job fails, and a new thread takes the next one. */
  private lose(thread: Thread, error: Error): void {
    const index = this.threads.indexOf(thread);
    if (index < 0) return;
    this.threads.splice(index, 1);
    thread.job?.reject(error);
    thread.job = undefined;
    if (!this.closed) this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0)) job.reject(new Error('cannot hash: shutting down'));
    for (const thread of this.threads) clearTimeout(thread.idle);
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }
}
