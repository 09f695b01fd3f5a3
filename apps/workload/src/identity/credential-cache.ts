import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ExpiringMap } from './expiring-map';

interface Entry {
  readonly userId: number;
  /** The stored hash that was verified: a different one (password changed elsewhere) is a miss. */
  readonly passwordHash: string;
}

export interface CredentialCacheOptions {
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly now?: () => number;
}

/**
 * Remembers recently verified username/password pairs so that a client that sends Basic
 * credentials on every request pays the password hash once per `ttlMs`, not every time.
 *
 * Keys are keyed hashes under a per-process random key: the password never sits in memory as a key.
 * An entry is only a hit while the user's stored hash is the one that was verified, so a password
 * changed anywhere (the API, the CLI, another unit) ends the entry at once; the caller checks that
 * the user is still active.
 */
export class CredentialCache {
  private readonly entries: ExpiringMap<Entry>;
  /** Fixed length, so that where it ends is never in doubt. */
  private readonly hashKey = randomBytes(32).toString('base64');

  constructor(private readonly options: CredentialCacheOptions) {
    this.entries = new ExpiringMap({
      maxKeys: options.maxEntries,
      now: options.now ?? Date.now,
    });
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * A keyed hash of the pair: what entries are stored under, never the password itself. The
   * other methods take it, so that a request computes it once.
   */
  keyOf(username: string, password: string): string {
    // JSON keeps the boundary between the two unambiguous, whatever characters they hold. The
    // secret prefix, not an HMAC: a key never leaves the process, so nobody can extend one, and a
    // one-shot hash costs the request a third of what an HMAC object does (docs/benchmarks.md).
    return hash('sha256', this.hashKey + JSON.stringify([username, password]), 'base64');
  }

  /** Whether this pair was verified and used recently (the stored hash is checked by `lookup`). */
  knows(key: string): boolean {
    return this.entries.get(key) !== undefined;
  }

  /**
   * The user id when this pair was verified against `currentHash` and has been used within the
   * time to live; a hit starts that time again, so a client in steady use never pays a hash.
   */
  lookup(key: string, currentHash: string): number | undefined {
    if (this.options.ttlMs <= 0) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const sameHash =
      entry.passwordHash.length === currentHash.length &&
      timingSafeEqual(Buffer.from(entry.passwordHash), Buffer.from(currentHash));
    if (!sameHash) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.set(key, entry, this.options.ttlMs);
    return entry.userId;
  }

  remember(key: string, userId: number, passwordHash: string): void {
    if (this.options.ttlMs <= 0) return;
    this.entries.set(key, { userId, passwordHash }, this.options.ttlMs);
  }
}
