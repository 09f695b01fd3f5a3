import { Injectable } from '@nestjs/common';

export interface SignInLimits {
  /** Failures allowed per username within the window. */
  readonly perUsername: number;
  /** Failures allowed per client address within the window (one proxy may carry many people). */
  readonly perAddress: number;
  readonly windowMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perUsername: 5,
  perAddress: 20,
  windowMs: 15 * 60 * 1000,
};

const MAX_KEYS = 10_000;

/**
 * Counts failed admin sign-ins per username and per client address in a sliding window, in
 * memory (per unit). Past the limit, attempts are refused without checking the password until
 * the oldest failure leaves the window.
 */
@Injectable()
export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();
  private limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS;
  private now: () => number = Date.now;

  /** For tests: other limits, another clock. */
  configure(limits: SignInLimits, now: () => number = Date.now): void {
    this.limits = limits;
    this.now = now;
    this.failures.clear();
  }

  private keys(username: string, address: string): [string, number][] {
    return [
      [`user:${username.toLowerCase()}`, this.limits.perUsername],
      [`addr:${address}`, this.limits.perAddress],
    ];
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    const times = (this.failures.get(key) ?? []).filter((time) => time > since);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  /** Seconds to wait before trying again, or 0 when an attempt may go ahead. */
  retryAfterSeconds(username: string, address: string): number {
    let wait = 0;
    for (const [key, limit] of this.keys(username, address)) {
      const times = this.recent(key);
      if (times.length >= limit) {
        const freedAt = times[times.length - limit] + this.limits.windowMs;
        wait = Math.max(wait, Math.ceil((freedAt - this.now()) / 1000));
      }
    }
    return wait;
  }

  recordFailure(username: string, address: string): void {
    for (const [key] of this.keys(username, address)) {
      const times = this.recent(key);
      times.push(this.now());
      this.failures.delete(key);
      this.failures.set(key, times);
    }
    while (this.failures.size > MAX_KEYS) {
      this.failures.delete(this.failures.keys().next().value as string);
    }
  }

  /** A successful sign-in clears its username's failures (not its address's). */
  recordSuccess(username: string): void {
    this.failures.delete(`user:${username.toLowerCase()}`);
  }
}
