/**
 * Turns at writing to the remote, taken with the service's other instances: while one instance
 * fetches, applies, commits and pushes a batch, the others wait instead of racing it (a loser of
 * that race would fetch, build its batch again and push again, and could lose every time).
 */
export interface PushTurns {
  /**
   * Runs `work` in this instance's turn. `afterAnother`: another instance had the turn just
   * before, so the branch has likely moved. Should the turn not come in time, or not be available
   * at all, `work` runs all the same: the record store's retry on a rejected push covers it.
   */
  take<T>(work: (afterAnother: boolean) => Promise<T>): Promise<T>;
  /** Lets go of what the turns hold (a database connection), at shutdown. */
  close(): Promise<void>;
}

/** One instance (SQLite): there is nobody to take turns with. */
export const NO_TURNS: PushTurns = { take: (work) => work(false), close: async () => undefined };
