/**
 * A commit pushed in a turn, as the next instance in line needs it: its loose objects (the
 * commit, its root tree and the zone files it changed, zlib-deflated as git stores them), so that
 * it can build on that commit without fetching it.
 */
export interface HandedOverPush {
  readonly commit: string;
  readonly parent: string;
  readonly objects: readonly Buffer[];
}

/** One instance's turn at writing to the remote. */
export interface Turn {
  /** Another instance had the turn just before, so the branch has likely moved. */
  readonly afterAnother: boolean;
  /**
   * The pushes made in turns since `commit`, oldest first: empty when `commit` is the last one;
   * undefined when that is not known (no push recorded of `commit` or on it, no record at all).
   */
  pushesSince(commit: string): Promise<readonly HandedOverPush[] | undefined>;
  /** Records a push made in this turn, for whoever comes next. */
  recordPush(push: HandedOverPush): Promise<void>;
}

/**
 * Turns at writing to the remote, taken with the service's other instances: while one instance
 * applies, commits and pushes a batch, the others wait instead of racing it (a loser of that race
 * would fetch, build its batch again and push again, and could lose every time), and then build on
 * what it pushed.
 */
export interface PushTurns {
  /**
   * Runs `work` in this instance's turn. Should the turn not come in time, or not be available at
   * all, `work` runs all the same, with nothing recorded: the record store's fetch and its retry on
   * a rejected push cover it.
   */
  take<T>(work: (turn: Turn) => Promise<T>): Promise<T>;
  /** Lets go of what the turns hold (a database connection), at shutdown. */
  close(): Promise<void>;
}

/** A turn taken alone, or without the others: nobody hands anything over. */
export const LONE_TURN: Turn = {
  afterAnother: false,
  pushesSince: async () => undefined,
  recordPush: async () => undefined,
};

/** One instance (SQLite): there is nobody to take turns with. */
export const NO_TURNS: PushTurns = {
  take: (work) => work(LONE_TURN),
  close: async () => undefined,
};
