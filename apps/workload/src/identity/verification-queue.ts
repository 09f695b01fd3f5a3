import type { Attempt, AuthLimiter, Lane, Outcome, Refusal } from './auth-limiter';

export interface VerificationJob<T> {
  readonly attempt: Attempt;
  /** Identical credentials share one job and one hash. */
  readonly dedupKey: string;
  /** Aborted when the client has gone: a job nobody waits for any more leaves the queue. */
  readonly signal?: AbortSignal;
  /** Does the check (a hash); `matched` says whether the password was right. */
  readonly run: () => Promise<{ readonly matched: boolean; readonly value: T }>;
}

export interface VerificationQueueOptions {
  /** Hashes computed at once (the hashing threads). */
  readonly concurrency: number;
  /** Jobs waiting at most in each lane; past it, attempts are refused. */
  readonly maxQueuedPerLane: number;
}

export interface VerificationQueueObserver {
  queueChanged(queued: number): void;
  started(waitedMs: number): void;
  refused(reason: Refusal['reason']): void;
  cancelled(): void;
}

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): { unref?(): unknown };
}

/** A place in the queue, held from the moment an attempt arrives until its check is submitted. */
export interface Reservation {
  readonly attempt: Attempt;
  readonly lane: Lane;
  state: 'held' | 'used' | 'released';
}

/** The attempt was refused before any hash: answer 429 with its `retryAfterSeconds`. */
export class RefusedAttemptError extends Error {
  override readonly name = 'RefusedAttemptError';

  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

/** The client went away before its turn came. */
export class CancelledAttemptError extends Error {
  override readonly name = 'CancelledAttemptError';
}

interface Waiter {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  detach(): void;
}

interface Entry {
  readonly job: VerificationJob<unknown>;
  readonly lane: Lane;
  readonly enqueuedAt: number;
  readonly waiters: Set<Waiter>;
  running: boolean;
}

const LANES: readonly Lane[] = ['familiar', 'other'];
const MAX_REMEMBERED_CLIENTS = 10_000;

/**
 * The waiting room of password hashing: a fixed number of hashes at once, and a fair order among
 * clients (the one served least recently goes next; the familiar lane first), so that one client's
 * flood delays nobody else much. The limiter decides who may wait at all; refusals happen here, before
 * any hash.
 */
export class VerificationQueue {
  private readonly lanes = new Map<Lane, Map<string, Entry[]>>(
    LANES.map((lane) => [lane, new Map()]),
  );
  private readonly queuedIn = new Map<Lane, number>(LANES.map((lane) => [lane, 0]));
  private readonly reservedIn = new Map<Lane, number>(LANES.map((lane) => [lane, 0]));
  private readonly byKey = new Map<string, Entry>();
  /** When each client was last served (a turn number), for the round robin. */
  private readonly lastServed = new Map<string, number>();
  private turns = 0;
  private running = 0;
  private wakeAt?: number;

  constructor(
    private readonly limiter: AuthLimiter,
    private readonly options: VerificationQueueOptions,
    private readonly observer: VerificationQueueObserver,
    private readonly clock: Clock,
  ) {}

  get queued(): number {
    return LANES.reduce((sum, lane) => sum + (this.queuedIn.get(lane) ?? 0), 0);
  }

  /**
   * Admits an attempt as it arrives, before anything is done for it: its place is held (it counts
   * against the limits and its lane) until `submit` takes it or `release` gives it back.
   */
  reserve(attempt: Attempt): Reservation | Refusal {
    const refusal = this.limiter.admit(attempt) ?? this.laneFull(attempt);
    if (refusal) {
      this.observer.refused(refusal.reason);
      return refusal;
    }
    const lane = this.limiter.lane(attempt);
    this.reservedIn.set(lane, (this.reservedIn.get(lane) ?? 0) + 1);
    return { attempt, lane, state: 'held' };
  }

  /** Gives back a place that was never used (the request ended before its credentials were checked). */
  release(reservation: Reservation): void {
    if (reservation.state !== 'held') return;
    reservation.state = 'released';
    this.reservedIn.set(reservation.lane, (this.reservedIn.get(reservation.lane) ?? 1) - 1);
    this.limiter.settle(reservation.attempt, 'cancelled');
  }

  /**
   * Runs the job in its turn, or shares an identical one's result. Without a held reservation
   * the attempt is admitted here, and refused before any work.
   */
  submit<T>(job: VerificationJob<T>, reservation?: Reservation): Promise<T> {
    const held = reservation?.state === 'held' ? reservation : undefined;
    const shared = this.byKey.get(job.dedupKey);
    if (job.signal?.aborted || shared) {
      if (held) this.release(held);
      if (!shared) return Promise.reject(new CancelledAttemptError('client gone'));
      return this.wait(shared, job.signal) as Promise<T>;
    }
    let lane: Lane;
    if (held) {
      held.state = 'used';
      this.reservedIn.set(held.lane, (this.reservedIn.get(held.lane) ?? 1) - 1);
      lane = held.lane;
    } else {
      const admitted = this.reserve(job.attempt);
      if (!('state' in admitted)) return Promise.reject(new RefusedAttemptError(admitted));
      admitted.state = 'used';
      this.reservedIn.set(admitted.lane, (this.reservedIn.get(admitted.lane) ?? 1) - 1);
      lane = admitted.lane;
    }
    const entry: Entry = {
      job: job as VerificationJob<unknown>,
      lane,
      enqueuedAt: this.clock.now(),
      waiters: new Set(),
      running: false,
    };
    const clients = this.lanes.get(lane) as Map<string, Entry[]>;
    const entries = clients.get(job.attempt.client) ?? [];
    entries.push(entry);
    clients.set(job.attempt.client, entries);
    this.queuedIn.set(lane, (this.queuedIn.get(lane) ?? 0) + 1);
    this.byKey.set(job.dedupKey, entry);
    const result = this.wait(entry, job.signal) as Promise<T>;
    this.observer.queueChanged(this.queued);
    this.pump();
    return result;
  }

  /** Refuses when the attempt's lane is full, counting places held (after admission: undoes it). */
  private laneFull(attempt: Attempt): Refusal | undefined {
    const lane = this.limiter.lane(attempt);
    const taken = (this.queuedIn.get(lane) ?? 0) + (this.reservedIn.get(lane) ?? 0);
    if (taken < this.options.maxQueuedPerLane) return undefined;
    this.limiter.settle(attempt, 'cancelled');
    return {
      reason: 'queue_full',
      retryAfterSeconds: 2,
      message: 'too many password checks are waiting: retry in 2 s',
    };
  }

  private wait(entry: Entry, signal: AbortSignal | undefined): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      const onAbort = () => {
        entry.waiters.delete(waiter);
        reject(new CancelledAttemptError('client gone'));
        if (entry.waiters.size === 0 && !entry.running) this.drop(entry);
      };
      const waiter: Waiter = {
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      entry.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Takes a queued entry out (nobody waits for it any more). */
  private drop(entry: Entry): void {
    const clients = this.lanes.get(entry.lane) as Map<string, Entry[]>;
    const entries = clients.get(entry.job.attempt.client) ?? [];
    const index = entries.indexOf(entry);
    if (index < 0) return;
    entries.splice(index, 1);
    if (entries.length === 0) clients.delete(entry.job.attempt.client);
    this.queuedIn.set(entry.lane, (this.queuedIn.get(entry.lane) ?? 1) - 1);
    this.byKey.delete(entry.job.dedupKey);
    this.limiter.settle(entry.job.attempt, 'cancelled');
    this.observer.cancelled();
    this.observer.queueChanged(this.queued);
  }

  private pump(): void {
    while (this.running < this.options.concurrency) {
      const entry = this.next();
      if (!entry) return;
      this.start(entry);
    }
  }

  /**
   * The next entry in fair order: in the first lane that has one, the client served least recently
   * (never: first) whose oldest entry for a username that is not paced; a wake-up is scheduled when
   * only paced ones wait.
   */
  private next(): Entry | undefined {
    let soonest = Infinity;
    for (const lane of LANES) {
      const clients = this.lanes.get(lane) as Map<string, Entry[]>;
      let best: { client: string; entries: Entry[]; index: number; turn: number } | undefined;
      for (const [client, entries] of clients) {
        const turn = this.lastServed.get(client) ?? -1;
        if (best && best.turn <= turn) continue;
        const index = entries.findIndex((entry) => {
          const delay = this.limiter.paceDelayMs(entry.job.attempt.username);
          soonest = Math.min(soonest, delay || Infinity);
          return delay === 0;
        });
        if (index >= 0) best = { client, entries, index, turn };
      }
      if (!best) continue;
      const [entry] = best.entries.splice(best.index, 1);
      if (best.entries.length === 0) clients.delete(best.client);
      this.queuedIn.set(lane, (this.queuedIn.get(lane) ?? 1) - 1);
      this.markServed(best.client);
      return entry;
    }
    if (soonest !== Infinity) this.wakeIn(soonest);
    return undefined;
  }

  private markServed(client: string): void {
    this.turns += 1;
    this.lastServed.delete(client);
    this.lastServed.set(client, this.turns);
    if (this.lastServed.size > MAX_REMEMBERED_CLIENTS) {
      this.lastServed.delete(this.lastServed.keys().next().value as string);
    }
  }

  private wakeIn(ms: number): void {
    const at = this.clock.now() + ms;
    if (this.wakeAt !== undefined && this.wakeAt <= at) return;
    this.wakeAt = at;
    this.clock
      .setTimeout(() => {
        this.wakeAt = undefined;
        this.pump();
      }, ms)
      .unref?.();
  }

  private start(entry: Entry): void {
    entry.running = true;
    this.running += 1;
    this.limiter.hashStarted(entry.job.attempt.username);
    this.observer.started(this.clock.now() - entry.enqueuedAt);
    this.observer.queueChanged(this.queued);
    entry.job.run().then(
      ({ matched, value }) =>
        this.finish(entry, matched ? 'match' : 'mismatch', (waiter) => waiter.resolve(value)),
      (error: unknown) => this.finish(entry, 'cancelled', (waiter) => waiter.reject(error)),
    );
  }

  private finish(entry: Entry, outcome: Outcome, settle: (waiter: Waiter) => void): void {
    this.running -= 1;
    this.byKey.delete(entry.job.dedupKey);
    this.limiter.settle(entry.job.attempt, outcome);
    for (const waiter of entry.waiters) {
      waiter.detach();
      settle(waiter);
    }
    this.pump();
  }
}
