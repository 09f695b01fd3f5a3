export interface LoginThrottleOptions {
  /** Failed authentications tolerated per key within the window. */
  readonly maxFailures: number;
  readonly windowMs: number;
  /** Keys remembered at most (the oldest are forgotten first). */
  readonly maxKeys?: number;
  readonly now?: () => number;
}

/**
 * Counts failed authentications per key (a client address, a username) in a sliding window.
 * Past the limit a key is refused until its oldest failure leaves the window. Successes are never
 * counted, so clients that send the right credentials are never slowed down.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: LoginThrottleOptions) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.options.windowMs;
    const times = (this.failures.get(key) ?? []).filter((time) => time > since);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  blockedFor(key: string): number {
    const times = this.recent(key);
    if (times.length < this.options.maxFailures) return 0;
    return times[times.length - this.options.maxFailures] + this.options.windowMs - this.now();
  }

  recordFailure(key: string): void {
    const times = this.recent(key);
    times.push(this.now());
    this.failures.delete(key);
    this.failures.set(key, times.slice(-this.options.maxFailures));
    while (this.failures.size > this.maxKeys)
      this.failures.delete(this.failures.keys().next().value as string);
  }
}
