import { ExpiringMap } from './expiring-map';

export interface SlidingWindowOptions {
  readonly windowMs: number;
  /** Events remembered per key at most: counts beyond it are not needed by any limit. */
  readonly maxEventsPerKey: number;
  /** Keys remembered at most; the least recently used are forgotten first. */
  readonly maxKeys: number;
  readonly now: () => number;
}

/** Counts events per key over a sliding time window, in bounded memory. */
export class SlidingWindowCounter {
  /** Each key's event times; the whole list expires when its newest event leaves the window. */
  private readonly events: ExpiringMap<number[]>;

  constructor(private readonly options: SlidingWindowOptions) {
    this.events = new ExpiringMap({ maxKeys: options.maxKeys, now: options.now });
  }

  private recent(key: string): number[] {
    const since = this.options.now() - this.options.windowMs;
    return (this.events.get(key) ?? []).filter((time) => time > since);
  }

  count(key: string): number {
    return this.recent(key).length;
  }

  /** Milliseconds until the count of `key` drops below `limit`; 0 when it is below already. */
  msUntilBelow(key: string, limit: number): number {
    const times = this.recent(key);
    if (times.length < limit) return 0;
    return Math.max(1, times[times.length - limit] + this.options.windowMs - this.options.now());
  }

  record(key: string): void {
    const times = [...this.recent(key), this.options.now()];
    this.events.set(key, times.slice(-this.options.maxEventsPerKey), this.options.windowMs);
  }

  forget(key: string): void {
    this.events.delete(key);
  }
}
