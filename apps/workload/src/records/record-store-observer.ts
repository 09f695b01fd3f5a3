/** How one push ended: stale means another writer moved the branch first. */
export type PushOutcome = 'pushed' | 'stale' | 'refused' | 'failed';

export interface BatchReport {
  readonly size: number;
  readonly attempts: number;
  /** pushed: committed and pushed; unchanged: nothing to write; failed: nothing of it landed. */
  readonly result: 'pushed' | 'unchanged' | 'failed';
  readonly commit?: string;
  readonly error?: unknown;
}

/** What the record store tells the rest of the service (metrics, logs) as it works. */
export interface RecordStoreObserver {
  queueChanged(depth: number): void;
  pushDone(seconds: number, outcome: PushOutcome): void;
  batchDone(report: BatchReport): void;
}

export const SILENT_OBSERVER: RecordStoreObserver = {
  queueChanged: () => undefined,
  pushDone: () => undefined,
  batchDone: () => undefined,
};
