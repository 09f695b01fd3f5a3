/** What a pair's ratio is taken from: one row's present rate and its services' mean push time. */
export interface RowFigures {
  readonly presentRps: number;
  /** The services' own mean push time over the present phase (ms); undefined when not scraped. */
  readonly pushMs: number | undefined;
}

/** Two rows at the same client count, one after the other: the first instance alone, and both. */
export interface InstancePair {
  readonly one: RowFigures;
  readonly two: RowFigures;
}

/** The middle value; the mean of the two middle ones for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Each pair's ratio of the two instances' rate to the one's: as measured, and per push (each rate
 * times its own row's mean push time), since the push's own speed drifts from row to row on a
 * shared machine and every request waits on it.
 */
export function pairRatios(pairs: readonly InstancePair[]): {
  readonly raw: number[];
  readonly perPush: number[];
} {
  const raw = pairs.map(({ one, two }) => two.presentRps / one.presentRps);
  const perPush = pairs.flatMap(({ one, two }) =>
    one.pushMs === undefined || two.pushMs === undefined
      ? []
      : [(two.presentRps * two.pushMs) / (one.presentRps * one.pushMs)],
  );
  return { raw, perPush };
}

/** `req/s 0.91, 1.04 (median 0.98); per push …`, for the table's summary line. */
export function pairSummary(pairs: readonly InstancePair[]): string {
  const { raw, perPush } = pairRatios(pairs);
  const listed = (ratios: readonly number[]) =>
    ratios.length === 0
      ? 'n/a'
      : `${ratios.map((ratio) => ratio.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)})`;
  return `req/s ${listed(raw)}; per push ${listed(perPush)}`;
}
