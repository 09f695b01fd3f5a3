import { AuthLimiter } from './auth-limiter';
import {
  CancelledAttemptError,
  RefusedAttemptError,
  type VerificationJob,
  VerificationQueue,
  type VerificationQueueObserver,
} from './verification-queue';

interface Deferred {
  resolve(matched: boolean): void;
  reject(error: Error): void;
}

describe('VerificationQueue', () => {
  let now: number;
  let timers: { at: number; callback: () => void }[];
  let started: string[];
  let pending: Map<string, Deferred>;
  let observed: { refused: string[]; cancelled: number; queued: number[] };

  const limiter = () =>
    new AuthLimiter({
      pairFailureLimit: 3,
      clientFailureLimit: 10,
      windowMs: 60_000,
      clientShare: 2,
      usernameAttackThreshold: 3,
      usernamePaceMs: 1000,
      familiarMs: 60_000,
      maxKeys: 100,
      now: () => now,
    });

  const observer: VerificationQueueObserver = {
    queueChanged: (queued) => observed.queued.push(queued),
    started: () => undefined,
    refused: (reason) => observed.refused.push(reason),
    cancelled: () => {
      observed.cancelled += 1;
    },
  };

  const queue = (limits = limiter(), concurrency = 1, maxQueuedPerLane = 8) =>
    new VerificationQueue(limits, { concurrency, maxQueuedPerLane }, observer, {
      now: () => now,
      setTimeout: (callback, ms) => {
        timers.push({ at: now + ms, callback });
        return {};
      },
    });

  /** A job whose hash finishes when the test says so. */
  const job = (name: string, username: string, client: string, signal?: AbortSignal) =>
    ({
      attempt: { username, client },
      dedupKey: name,
      signal,
      run: () =>
        new Promise<{ matched: boolean; value: boolean }>((resolve, reject) => {
          started.push(name);
          pending.set(name, {
            resolve: (matched) => resolve({ matched, value: matched }),
            reject,
          });
        }),
    }) satisfies VerificationJob<boolean>;

  const settle = async (name: string, matched: boolean) => {
    pending.get(name)?.resolve(matched);
    pending.delete(name);
    await new Promise((resolve) => setImmediate(resolve));
  };

  const advance = (ms: number) => {
    now += ms;
    const due = timers.filter((timer) => timer.at <= now);
    timers = timers.filter((timer) => timer.at > now);
    due.forEach((timer) => timer.callback());
  };

  beforeEach(() => {
    now = 1_000_000;
    timers = [];
    started = [];
    pending = new Map();
    observed = { refused: [], cancelled: 0, queued: [] };
  });

  it('hashes a fixed number at once, taking clients in turn', async () => {
    const hashes = queue(limiter(), 1);
    const results = [
      hashes.submit(job('a1', 'u1', 'A')),
      hashes.submit(job('a2', 'u2', 'A')),
      hashes.submit(job('b1', 'u3', 'B')),
      hashes.submit(job('c1', 'u4', 'C')),
    ];
    expect(started).toEqual(['a1']);
    await settle('a1', true);
    await settle('b1', false);
    await settle('c1', true);
    await settle('a2', true);
    expect(started).toEqual(['a1', 'b1', 'c1', 'a2']);
    await expect(Promise.all(results)).resolves.toEqual([true, true, false, true]);
  });

  it('serves the familiar lane first', async () => {
    const limits = limiter();
    const hashes = queue(limits, 1);
    void hashes.submit(job('owner-first', 'owner', 'O'));
    await settle('owner-first', true);
    void hashes.submit(job('x1', 'x', 'X'));
    void hashes.submit(job('y1', 'y', 'Y'));
    void hashes.submit(job('owner-again', 'owner', 'O'));
    await settle('x1', false);
    expect(started).toEqual(['owner-first', 'x1', 'owner-again']);
  });

  it('shares one hash between identical credentials', async () => {
    const hashes = queue();
    const first = hashes.submit(job('same', 'u', 'A'));
    const second = hashes.submit(job('same', 'u', 'B'));
    await settle('same', true);
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
    expect(started).toEqual(['same']);
  });

  it('refuses before any hash, and says why', async () => {
    const hashes = queue();
    void hashes.submit(job('running', 'u0', 'A'));
    void hashes.submit(job('queued', 'u1', 'A'));
    await expect(hashes.submit(job('third', 'u2', 'A'))).rejects.toMatchObject({
      name: 'RefusedAttemptError',
      refusal: { reason: 'client_busy' },
    });
    expect(started).toEqual(['running']);
    expect(observed.refused).toEqual(['client_busy']);
  });

  it('refuses when its lane is full, and gives the place back', async () => {
    const hashes = queue(limiter(), 1, 2);
    void hashes.submit(job('running', 'u', 'A'));
    void hashes.submit(job('w1', 'u', 'B'));
    void hashes.submit(job('w2', 'u', 'C'));
    const refused = hashes.submit(job('w3', 'u', 'D'));
    await expect(refused).rejects.toBeInstanceOf(RefusedAttemptError);
    await expect(refused).rejects.toMatchObject({ refusal: { reason: 'queue_full' } });
    await settle('running', true);
    void hashes.submit(job('w4', 'u', 'D'));
    expect(observed.refused).toEqual(['queue_full']);
  });

  it('drops a queued job whose client went away, before hashing it', async () => {
    const limits = limiter();
    const hashes = queue(limits, 1);
    void hashes.submit(job('running', 'u', 'A'));
    const gone = new AbortController();
    const abandoned = hashes.submit(job('abandoned', 'v', 'B', gone.signal));
    expect(hashes.queued).toBe(1);
    gone.abort();
    await expect(abandoned).rejects.toBeInstanceOf(CancelledAttemptError);
    expect(hashes.queued).toBe(0);
    expect(observed.cancelled).toBe(1);
    await settle('running', true);
    expect(started).toEqual(['running']);
    // Its place was given back: the client may try again at once.
    expect(limits.admit({ username: 'v', client: 'B' })).toBeUndefined();
  });

  it('keeps a shared job while one of its clients still waits', async () => {
    const hashes = queue(limiter(), 1);
    void hashes.submit(job('running', 'u', 'A'));
    const gone = new AbortController();
    const left = hashes.submit(job('same', 'v', 'B', gone.signal));
    const stays = hashes.submit(job('same', 'v', 'C'));
    gone.abort();
    await expect(left).rejects.toBeInstanceOf(CancelledAttemptError);
    await settle('running', true);
    await settle('same', true);
    await expect(stays).resolves.toBe(true);
  });

  it('paces a username under attack and serves others meanwhile', async () => {
    const limits = limiter();
    const hashes = queue(limits, 1);
    for (let i = 0; i < 3; i += 1) {
      void hashes.submit(job(`guess${i}`, 'victim', `G${i}`)).catch(() => undefined);
      await settle(`guess${i}`, false);
    }
    void hashes.submit(job('owner', 'victim', 'O'));
    expect(started).toEqual(['guess0', 'guess1', 'guess2', 'owner']);
    void hashes.submit(job('victim-again', 'victim', 'P'));
    void hashes.submit(job('bystander', 'other', 'Q'));
    await settle('owner', true);
    expect(started.slice(4)).toEqual(['bystander']);
    await settle('bystander', true);
    expect(started.slice(5)).toEqual([]);
    advance(1000);
    expect(started.slice(5)).toEqual(['victim-again']);
  });

  it('passes a failed hash on to its waiters without counting it as a failure', async () => {
    const limits = limiter();
    const hashes = queue(limits, 1);
    const result = hashes.submit(job('broken', 'u', 'A'));
    pending.get('broken')?.reject(new Error('worker died'));
    await expect(result).rejects.toThrow('worker died');
    // Two real failures of the pair stay under its limit of three: the broken hash did not count.
    for (const name of ['wrong1', 'wrong2']) {
      const wrong = hashes.submit(job(name, 'u', 'A'));
      await settle(name, false);
      await expect(wrong).resolves.toBe(false);
    }
    expect(limits.admit({ username: 'u', client: 'A' })).toBeUndefined();
  });
});
