import type { ChangeFeed } from './account-reads';

/** The part of better-sqlite3's connection used here. */
export interface SqliteConnection {
  pragma(source: string, options: { simple: true }): unknown;
}

/**
 * Changes to an SQLite database made by other connections (the CLI, in another process):
 * `PRAGMA data_version` answers another value after any of them committed. It is read on every
 * account read, in microseconds, so nothing is ever answered that such a commit changed; this
 * process's own writes are counted by {@link AccountReads.changed}, as data_version ignores them.
 */
export class SqliteChangeFeed implements ChangeFeed {
  constructor(private readonly connection: SqliteConnection) {}

  generation(): number {
    return Number(this.connection.pragma('data_version', { simple: true }));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
