export interface ExpiringMapOptions {
  /** Keys kept at most; past it, the least recently set are forgotten first. */
  readonly maxKeys: number;
  readonly now: () => number;
}

interface Entry<V> {
  readonly value: V;
  readonly expiresAt: number;
}

/**
 * Values that live for a while, per key, in bounded memory: what every limit and cache of the
 * service keeps (failures in a window, familiar clients, paced usernames, verified credentials).
 */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(private readonly options: ExpiringMapOptions) {}

  get size(): number {
    return this.entries.size;
  }

  private live(key: string): Entry<V> | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.options.now()) return entry;
    this.entries.delete(key);
    return undefined;
  }

  /** The value while it lives; an expired one is forgotten. */
  get(key: string): V | undefined {
    return this.live(key)?.value;
  }

  /** Milliseconds the value has left; 0 when there is none. */
  msLeft(key: string): number {
    const entry = this.live(key);
    return entry === undefined ? 0 : entry.expiresAt - this.options.now();
  }

  /** Sets the value for `ttlMs` from now, as the most recently set key. */
  set(key: string, value: V, ttlMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.options.now() + ttlMs });
    // Map iteration follows insertion order: the first keys are the oldest.
    while (this.entries.size > this.options.maxKeys) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
