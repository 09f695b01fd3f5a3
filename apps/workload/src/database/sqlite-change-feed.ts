import type { ChangeFeed } from './account-reads';

/** The part of better-sqlite3's connection used here. */
export interface SqliteConnection {
  prepare(source: string): { pluck(): { get(): unknown } };
}

/**
 * Changes to an SQLite database made by other connections (the CLI, in another process):
 * `PRAGMA data_version` answers another value after any of them committed. It is read once per
 * turn of the event loop that reads accounts, so nothing is ever answered that such a commit
 * changed before the turn began. Every request handled in a turn arrived before it began (its
 * bytes, or the answer it awaited, were there when the loop polled), so an answer as of the
 * turn's first read is one as of a moment within that request's life; reading it on every
 * account read cost about 20 µs each, two per request. This process's own writes are counted by
 * {@link AccountReads.changed}, as data_version ignores them.
 */
export class SqliteChangeFeed implements ChangeFeed {
  /** Prepared once: better-sqlite3's `pragma()` prepares its statement on every call. */
  private readonly dataVersion: { get(): unknown };
  /** data_version as this turn of the event loop first read it. */
  private thisTurn: number | undefined;

  constructor(connection: SqliteConnection) {
    this.dataVersion = connection.prepare('PRAGMA data_version').pluck();
  }

  generation(): number {
    if (this.thisTurn === undefined) {
      this.thisTurn = Number(this.dataVersion.get());
      setImmediate(() => {
        this.thisTurn = undefined;
      }).unref();
    }
    return this.thisTurn;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
