import type { ChangeOutcome, RecordChange } from './record-change';

/**
 * A commit pushed in a turn, as the next instance in line needs it: its loose objects (the
 * commit, its root tree and the zone files it changed, zlib-deflated as git stores them), so that
 * it can build on that commit without fetching it.
 */
export interface HandedOverPush {
  readonly commit: string;
  readonly parent: string;
  readonly objects: readonly Buffer[];
  /**
   * The id of each of `objects`, in their order, as the instance that made them named them: the
   * zone files are then stored without being inflated. Undefined where a record lacks them.
   */
  readonly ids?: readonly string[];
}

/** How a batch went: each change's outcome, in order, or the failure every one of its requests gets. */
export type BatchResult =
  { readonly outcomes: readonly ChangeOutcome[] } | { readonly failure: unknown };

/** A batch another instance handed to this turn: written with this turn's next batch. */
export interface HandedOffBatch {
  readonly id: string;
  readonly changes: readonly RecordChange[];
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
  /**
   * Records a push made in this turn, for whoever comes next (when another instance is there):
   * before the turn ends, awaited or not.
   */
  recordPush(push: HandedOverPush): Promise<void>;
  /**
   * Takes the batches the other instances handed off, oldest first: as many as fit in `room`
   * changes, and at least one if any waits. Each must be answered in this turn.
   */
  takeHandedOff(room: number): Promise<readonly HandedOffBatch[]>;
  /** Tells the instances that handed these batches off how they went, `results` in their order. */
  answer(batches: readonly HandedOffBatch[], results: readonly BatchResult[]): Promise<void>;
}

/** A batch of this instance's, offered to the instance whose turn it is. */
export interface HandOff {
  readonly changes: readonly RecordChange[];
  /** The instance in turn wrote it, or failed to. */
  settle(result: BatchResult): void;
  /** Resolves once another change is queued behind the batch. */
  queued(): Promise<void>;
  /** Moves the changes queued behind the batch into it (as many as a batch holds): those moved. */
  join(): readonly RecordChange[];
  /** The last `count` changes joined go back to the front of the queue: the batch went without them. */
  leave(count: number): void;
  /** Nobody took it: it goes back to the front of this instance's queue, for its own turn. */
  takeBack(): void;
}

/**
 * Turns at writing to the remote, taken with the service's other instances: while one instance
 * applies, commits and pushes a batch, the others hand their batches to it instead of racing it
 * (a loser of that race would fetch, build its batch again and push again, and could lose every
 * time), so that one push carries every instance's changes.
 */
export interface PushTurns {
  /**
   * Runs `work` in this instance's turn. When another instance has the turn, hands it the batch
   * `handOff` gives (if any) and resolves once that batch is settled, without running `work`;
   * should the batch come back, or the turn not be available at all, `work` runs all the same.
   * Without a turn nothing is recorded: the record store's fetch and its retry on a rejected
   * push cover it.
   */
  take(work: (turn: Turn) => Promise<void>, handOff: () => HandOff | undefined): Promise<void>;
  /**
   * Joins the other instances now rather than at this one's first batch: they record their pushes
   * only while another instance is there to build on them, and this one hears of their pushes.
   */
  connect(): Promise<void>;
  /** Batches the other instances announced as handed off since this instance last took some. */
  handOffsAnnounced(): number;
  /** Calls `listener` whenever another instance hands off a batch. */
  onHandOff(listener: () => void): void;
  /**
   * The pushes recorded since `commit`, as {@link Turn.pushesSince} gives them, read outside any
   * turn: for an instance that follows the others' pushes while it is not writing.
   */
  recordedSince(commit: string): Promise<readonly HandedOverPush[] | undefined>;
  /** Calls `listener` whenever another instance records a push. */
  onPushRecorded(listener: () => void): void;
  /** Lets go of what the turns hold (a database connection), at shutdown. */
  close(): Promise<void>;
}

/** A turn taken alone, or without the others: nobody hands anything over. */
export const LONE_TURN: Turn = {
  afterAnother: false,
  pushesSince: async () => undefined,
  recordPush: async () => undefined,
  takeHandedOff: async () => [],
  answer: async () => undefined,
};

/** One instance (SQLite): there is nobody to take turns with. */
export const NO_TURNS: PushTurns = {
  take: (work) => work(LONE_TURN),
  connect: async () => undefined,
  handOffsAnnounced: () => 0,
  onHandOff: () => undefined,
  recordedSince: async () => undefined,
  onPushRecorded: () => undefined,
  close: async () => undefined,
};
