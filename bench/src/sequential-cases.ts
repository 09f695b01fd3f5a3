/** One repository the sequential bench measures: its history, and the size of the zone written. */
export interface SequentialCase {
  readonly commits: number;
  readonly records: number;
}

/**
 * The history cases (each at `historyRecords` records), then the zone-size cases (each at
 * `sizeHistory` commits), a repository both lists name measured once.
 */
export function sequentialCases(
  histories: readonly number[],
  historyRecords: number,
  sizes: readonly number[],
  sizeHistory: number,
): SequentialCase[] {
  const cases = [
    ...histories.map((commits) => ({ commits, records: historyRecords })),
    ...sizes.map((records) => ({ commits: sizeHistory, records })),
  ];
  return cases.filter(
    (one, i) =>
      cases.findIndex((other) => other.commits === one.commits && other.records === one.records) ===
      i,
  );
}
