/** How one push ended: stale means another writer moved the branch first. */
export type PushOutcome = 'pushed' | 'stale' | 'refused' | 'failed';

export interface BatchReport {
  readonly size: number;
  readonly attempts: number;
  /**
   * pushed: committed and pushed; unchanged: nothing to write; failed: not on the remote as far
   * as the service knows (after a push that gave no verdict, it may land yet).
   */
  readonly result: 'pushed' | 'unchanged' | 'failed';
  readonly commit?: string;
  /** The push gave no verdict (it timed out, or the connection broke); the remote had the commit. */
  readonly foundAfterPushFailure?: boolean;
  readonly error?: unknown;
}

/** Where git found the working clone damaged, before it was cloned again. */
export type CloneRebuildCause = 'open' | 'batch';

/** What the record store tells the rest of the service (metrics, logs) as it works. */
export interface RecordStoreObserver {
  queueChanged(depth: number): void;
  /** For each change as its batch starts: how long it waited in the queue since it was submitted. */
  changeWaited(seconds: number): void;
  /**
   * A batch is in flight (its push sent, or handed to the instance in turn): the event loop has
   * most of a push's time before its answer, so upkeep that holds it for a moment delays no batch.
   */
  batchInFlight(): void;
  pushDone(seconds: number, outcome: PushOutcome): void;
  batchDone(report: BatchReport): void;
  cloneRebuilt(during: CloneRebuildCause, damage: Error): void;
}

export const SILENT_OBSERVER: RecordStoreObserver = {
  queueChanged: () => undefined,
  changeWaited: () => undefined,
  batchInFlight: () => undefined,
  pushDone: () => undefined,
  batchDone: () => undefined,
  cloneRebuilt: () => undefined,
};
