import type { Exchange, Outcome } from './loopback';

export const isSuccess = (outcome: Outcome): boolean =>
  typeof outcome === 'number' && outcome >= 200 && outcome < 300;

/** Time from sending to the answer, or to giving up (a timeout counts as its full length). */
export const latencyOf = (exchange: Exchange): number => exchange.endedAt - exchange.sentAt;

/** How many exchanges ended in each status ("401", "429", …, "timeout", "error"), keys sorted. */
export function countOutcomes(exchanges: readonly Exchange[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const { outcome } of exchanges)
    counts.set(String(outcome), (counts.get(String(outcome)) ?? 0) + 1);
  return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

/** `401: 990, 429: 10`; "none" for no exchanges. */
export function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? 'none' : entries.map(([key, n]) => `${key}: ${n}`).join(', ');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Medians of each run of `window` consecutive values. */
export function rollingMedians(values: readonly number[], window: number): number[] {
  return Array.from({ length: Math.max(0, values.length - window + 1) }, (_, i) =>
    median(values.slice(i, i + window)),
  );
}

export interface RecoveryRule {
  /** Latency the client must be back at (the unloaded p50), in ms. */
  readonly target: number;
  /** Tolerance over the target: 1.2 allows 20 % more. */
  readonly factor: number;
  /** Consecutive requests of the rolling median. */
  readonly window: number;
}

/** Presents sent from `burstEnd` on, in send order, with their latencies (a failure is ∞). */
function medianWindows(exchanges: readonly Exchange[], burstEnd: number, rule: RecoveryRule) {
  const after = exchanges
    .filter((exchange) => exchange.sentAt >= burstEnd)
    .sort((a, b) => a.sentAt - b.sentAt);
  const latencies = after.map((e) => (isSuccess(e.outcome) ? latencyOf(e) : Infinity));
  const medians = rollingMedians(latencies, rule.window);
  return { after, within: medians.map((median) => median <= rule.target * rule.factor) };
}

/**
 * When the client is back at its unloaded latency, in ms after `burstEnd`: the send time of the
 * first request that starts a run of `window` consecutive requests (in send order, from
 * `burstEnd` on; a failed request counts as infinitely slow) whose median is at most
 * `factor × target`. Undefined when that never happens before the requests run out. Its
 * resolution is the client's interval between requests.
 */
export function recoveryMs(
  exchanges: readonly Exchange[],
  burstEnd: number,
  rule: RecoveryRule,
): number | undefined {
  const { after, within } = medianWindows(exchanges, burstEnd, rule);
  const first = within.indexOf(true);
  return first < 0 ? undefined : after[first].sentAt - burstEnd;
}

/**
 * The stricter reading: the send time of the first request from which every later rolling median
 * stays within bounds until the end of the observation. An unattacked service's own jitter (a
 * slow push now and then) can keep this from ever settling, so it is reported, not judged.
 */
export function settledMs(
  exchanges: readonly Exchange[],
  burstEnd: number,
  rule: RecoveryRule,
): number | undefined {
  const { after, within } = medianWindows(exchanges, burstEnd, rule);
  let first: number | undefined;
  for (let i = within.length - 1; i >= 0 && within[i]; i -= 1) first = i;
  return first === undefined ? undefined : after[first].sentAt - burstEnd;
}

/** Exchanges grouped by which `bucketMs`-long slice after `start` they were sent in. */
export function bySlice<T extends Exchange>(
  exchanges: readonly T[],
  start: number,
  bucketMs: number,
): T[][] {
  const slices: T[][] = [];
  for (const exchange of exchanges) {
    const index = Math.max(0, Math.floor((exchange.sentAt - start) / bucketMs));
    while (slices.length <= index) slices.push([]);
    slices[index].push(exchange);
  }
  return slices;
}
