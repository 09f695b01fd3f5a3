import { ExpiringMap } from './expiring-map';
import { SlidingWindowCounter } from './sliding-window';

/** Who is trying which username: the pair the limits are about. */
export interface Attempt {
  /** The username as sent, lower-cased: guesses at `Alice` and `alice` count together. */
  readonly username: string;
  /** The client's key (see clientKey): an IPv4 address or an IPv6 /64. */
  readonly client: string;
}

export type RefusalReason = 'guessing' | 'client_failures' | 'client_busy' | 'queue_full';

export interface Refusal {
  readonly reason: RefusalReason;
  readonly retryAfterSeconds: number;
  readonly message: string;
}

/**
 * Attempts from a client whose (username, client) pair succeeded recently wait in a lane of their
 * own, ahead of everyone else: a known client's expired cache entry never queues behind a flood.
 */
export type Lane = 'familiar' | 'other';

export type Outcome = 'match' | 'mismatch' | 'cancelled';

export interface AuthLimiterOptions {
  /** Failures tolerated per (username, client) pair within the window. */
  readonly pairFailureLimit: number;
  /** Failures tolerated per client, whatever the usernames, within the window. */
  readonly clientFailureLimit: number;
  readonly windowMs: number;
  /** Attempts of one client waiting for, or in, a password hash at once. */
  readonly clientShare: number;
  /** Failures for one username (from every client) past which its hashing is paced. */
  readonly usernameAttackThreshold: number;
  /** A username under attack gets at most one hash per this many milliseconds. */
  readonly usernamePaceMs: number;
  /** How long a success keeps its pair in the familiar lane. */
  readonly familiarMs: number;
  /** Keys remembered at most per table (least recently used forgotten first). */
  readonly maxKeys: number;
  readonly now: () => number;
}

const pairKey = (attempt: Attempt) => `${attempt.username}\u0000${attempt.client}`;
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function adjust(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}

/**
 * The policy of the authentication limits: throttle guesses, not people. What blocks is a
 * (username, client) pair that keeps failing, and a client's hashing of credentials nobody has
 * verified; attempts in flight count as they arrive. A username under attack from many clients is
 * only slowed (see pacing), never refused: its owner, from a client that is not guessing, gets in.
 */
export class AuthLimiter {
  private readonly pairFailures: SlidingWindowCounter;
  private readonly clientFailures: SlidingWindowCounter;
  private readonly usernameFailures: SlidingWindowCounter;
  private readonly pendingByPair = new Map<string, number>();
  private readonly pendingByClient = new Map<string, number>();
  /** Pairs that succeeded recently. */
  private readonly familiar: ExpiringMap<true>;
  /** Usernames under attack, until their next hash may start. */
  private readonly paced: ExpiringMap<true>;

  constructor(private readonly options: AuthLimiterOptions) {
    const counter = (maxEventsPerKey: number) =>
      new SlidingWindowCounter({
        windowMs: options.windowMs,
        maxEventsPerKey,
        maxKeys: options.maxKeys,
        now: options.now,
      });
    this.pairFailures = counter(options.pairFailureLimit);
    this.clientFailures = counter(options.clientFailureLimit);
    this.usernameFailures = counter(options.usernameAttackThreshold);
    this.familiar = new ExpiringMap({ maxKeys: options.maxKeys, now: options.now });
    this.paced = new ExpiringMap({ maxKeys: options.maxKeys, now: options.now });
  }

  /** A refusal, or undefined when the attempt may wait for a hash (it then counts as pending). */
  admit(attempt: Attempt): Refusal | undefined {
    const refusal = this.check(attempt);
    if (refusal) return refusal;
    adjust(this.pendingByPair, pairKey(attempt), 1);
    adjust(this.pendingByClient, attempt.client, 1);
    return undefined;
  }

  private check(attempt: Attempt): Refusal | undefined {
    const pair = pairKey(attempt);
    const pairPending = this.pendingByPair.get(pair) ?? 0;
    const pairFailed = this.pairFailures.count(pair);
    if (pairFailed + pairPending >= this.options.pairFailureLimit) {
      const wait = pairFailed >= this.options.pairFailureLimit ? this.pairWaitMs(pair) : 1000;
      return {
        reason: 'guessing',
        retryAfterSeconds: seconds(wait),
        message: `too many failed authentications for this user from this address: retry in ${seconds(wait)} s`,
      };
    }
    const clientPending = this.pendingByClient.get(attempt.client) ?? 0;
    const clientFailed = this.clientFailures.count(attempt.client);
    if (clientFailed + clientPending >= this.options.clientFailureLimit) {
      const wait =
        clientFailed >= this.options.clientFailureLimit
          ? this.clientFailures.msUntilBelow(attempt.client, this.options.clientFailureLimit)
          : 1000;
      return {
        reason: 'client_failures',
        retryAfterSeconds: seconds(wait),
        message: `too many failed authentications from this address: retry in ${seconds(wait)} s`,
      };
    }
    if (clientPending >= this.options.clientShare) {
      return {
        reason: 'client_busy',
        retryAfterSeconds: 1,
        message: `too many authentications in progress from this address (at most ${this.options.clientShare} at once): retry in 1 s`,
      };
    }
    return undefined;
  }

  private pairWaitMs(pair: string): number {
    return this.pairFailures.msUntilBelow(pair, this.options.pairFailureLimit);
  }

  /** Ends an admitted attempt: a mismatch counts against its pair, client and username. */
  settle(attempt: Attempt, outcome: Outcome): void {
    const pair = pairKey(attempt);
    adjust(this.pendingByPair, pair, -1);
    adjust(this.pendingByClient, attempt.client, -1);
    if (outcome === 'mismatch') {
      this.pairFailures.record(pair);
      this.clientFailures.record(attempt.client);
      this.usernameFailures.record(attempt.username);
    } else if (outcome === 'match') {
      this.pairFailures.forget(pair);
      this.familiar.set(pair, true, this.options.familiarMs);
    }
  }

  lane(attempt: Attempt): Lane {
    return this.familiar.get(pairKey(attempt)) ? 'familiar' : 'other';
  }

  /** Milliseconds before `username` may have its next hash; 0 unless it is under attack. */
  paceDelayMs(username: string): number {
    return this.paced.msLeft(username);
  }

  /** A hash for `username` starts now: paces the next one if the name is under attack. */
  hashStarted(username: string): void {
    if (this.usernameFailures.count(username) < this.options.usernameAttackThreshold) return;
    this.paced.set(username, true, this.options.usernamePaceMs);
  }
}
