/**
 * What every authenticated request reads of accounts (a user's credentials, a user's grants),
 * kept in memory while the database says nothing changed. The database tells through a
 * {@link ChangeFeed}: each change moves its generation on, and an entry read in an earlier
 * generation is read again. Without a feed (a command), or while it cannot hear (a PostgreSQL
 * listener that is down), nothing is kept and every read goes to the database.
 */
export interface ChangeFeed {
  /** Changes with every change to accounts; undefined while changes cannot be heard. */
  generation(): number | undefined;
  close(): Promise<void>;
}

export const NO_CHANGE_FEED: ChangeFeed = {
  generation: () => undefined,
  close: () => Promise.resolve(),
};

/** Entries kept at most: beyond, all are dropped (a new generation would drop them anyway). */
const MAX_ENTRIES = 10_000;

export class AccountReads {
  private readonly entries = new Map<
    string,
    { readonly generation: string; readonly value: unknown }
  >();
  /** Changes this process made: known at once, where the feed hears of them a moment later. */
  private ownChanges = 0;

  constructor(private readonly feed: ChangeFeed = NO_CHANGE_FEED) {}

  /** This process changed accounts (a statement ran, or a transaction committed). */
  changed(): void {
    this.ownChanges += 1;
    this.entries.clear();
  }

  /**
   * `load`'s answer for `key`, from memory when read in the current generation. What `keep`
   * refuses (an unknown name, say) is not kept: it would let anyone fill the memory.
   */
  async read<T>(key: string, load: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
    // Taken before the read: a change heard while it runs leaves the answer unkept.
    const generation = this.generation();
    if (generation === undefined) return load();
    const entry = this.entries.get(key);
    if (entry?.generation === generation) return entry.value as T;
    const value = await load();
    if (keep(value) && this.generation() === generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, { generation, value });
    }
    return value;
  }

  /** What the database says and what this process did: either changing means a change. */
  private generation(): string | undefined {
    const heard = this.feed.generation();
    return heard === undefined ? undefined : `${heard}:${this.ownChanges}`;
  }

  close(): Promise<void> {
    this.entries.clear();
    return this.feed.close();
  }
}
