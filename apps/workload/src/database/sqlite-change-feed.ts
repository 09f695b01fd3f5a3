import type { ChangeFeed } from './account-reads';

/** The part of better-sqlite3's connection used here. */
export interface SqliteConnection {
  prepare(source: string): { pluck(): { get(): unknown } };
}

/**
 * Changes to an SQLite database made by other connections (the CLI, in another process):
 * `PRAGMA data_version` answers another value after any of them committed. It is read on every
 * account read, in microseconds, so nothing is ever answered that such a commit changed; this
 * process's own writes are counted by {@link AccountReads.changed}, as data_version ignores them.
 */
export class SqliteChangeFeed implements ChangeFeed {
  /** Prepared once: better-sqlite3's `pragma()` prepares its statement on every call. */
  private readonly dataVersion: { get(): unknown };

  constructor(connection: SqliteConnection) {
    this.dataVersion = connection.prepare('PRAGMA data_version').pluck();
  }

  generation(): number {
    return Number(this.dataVersion.get());
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
