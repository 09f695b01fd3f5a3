import { bySlice, countOutcomes, recoveryMs, settledMs, rollingMedians } from './attack-figures';
import type { Exchange, Outcome } from './loopback';

/** A request sent at `sentAt` that took `latency` ms. */
const exchange = (sentAt: number, latency: number, outcome: Outcome = 204): Exchange => ({
  outcome,
  sentAt,
  endedAt: sentAt + latency,
});

/** One request every 200 ms from `from`, with these latencies. */
const paced = (from: number, latencies: number[], outcomes: Outcome[] = []): Exchange[] =>
  latencies.map((latency, i) => exchange(from + i * 200, latency, outcomes[i] ?? 204));

const rule = { target: 100, factor: 1.2, window: 5 };

describe('rollingMedians', () => {
  it('gives the median of each run of consecutive values', () => {
    expect(rollingMedians([5, 1, 4, 2, 3, 9], 3)).toEqual([4, 2, 3, 3]);
    expect(rollingMedians([1, 2, 3, 4], 2)).toEqual([1.5, 2.5, 3.5]);
  });

  it('gives none when there are fewer values than the window', () => {
    expect(rollingMedians([1, 2], 5)).toEqual([]);
  });
});

describe('settledMs', () => {
  it('is the send time of the first request from which every rolling median is within bounds', () => {
    // Slow for four requests after the burst ended at 1000, then back at 100 ms.
    const requests = paced(1000, [900, 800, 700, 600, 100, 110, 90, 100, 100, 100, 100, 100]);
    // Windows starting at 0..7; the first whose median (and every later one's) is ≤ 120 is at
    // index 2 ([700, 600, 100, 110, 90] has median 110), sent 400 ms after the burst's end.
    expect(settledMs(requests, 1000, rule)).toBe(400);
  });

  it('ignores requests sent before the burst ended', () => {
    const before = paced(0, [5000, 5000, 5000]);
    const after = paced(1000, [100, 100, 100, 100, 100]);
    expect(settledMs([...before, ...after], 1000, rule)).toBe(0);
  });

  it('requires every later window to stay within bounds, not just one', () => {
    const requests = paced(0, [100, 100, 100, 100, 100, 900, 900, 900, 100, 100, 100, 100, 100]);
    expect(settledMs(requests, 0, rule)).toBe(6 * 200);
  });

  it('counts a failed request as infinitely slow, however fast it failed', () => {
    const latencies = [100, 100, 100, 100, 100, 100, 100];
    const failures: Outcome[] = ['timeout', 'error', 429, 204, 204, 204, 204];
    // Medians: [0..4] has three failures (∞); [1..5] has two (median 100): recovered at index 1.
    expect(settledMs(paced(0, latencies, failures), 0, rule)).toBe(200);
    expect(
      settledMs(paced(0, [100, 100, 100, 100, 100], ['error', 'error', 'error']), 0, rule),
    ).toBe(undefined);
  });

  it('is undefined when the client never gets back, or too few requests were sent', () => {
    expect(settledMs(paced(0, [200, 200, 200, 200, 200, 200]), 0, rule)).toBeUndefined();
    expect(settledMs(paced(0, [100, 100, 100, 100]), 0, rule)).toBeUndefined();
  });

  it('sorts requests by send time, whatever order they were answered in', () => {
    const requests = paced(0, [100, 100, 100, 100, 100, 100]).reverse();
    expect(settledMs(requests, 0, rule)).toBe(0);
  });
});

describe('recoveryMs', () => {
  it('is the send time of the first request that starts a window within bounds', () => {
    // Slow after the burst ended at 1000; [700, 600, 100, 110, 90] is the first window with a
    // median (110) within 120 ms: it starts at index 2, sent 400 ms after the burst's end.
    const requests = paced(1000, [900, 800, 700, 600, 100, 110, 90, 100, 900, 900, 900, 100]);
    expect(recoveryMs(requests, 1000, rule)).toBe(400);
    expect(settledMs(requests, 1000, rule)).toBeUndefined();
  });

  it('counts a failed request as infinitely slow, and is undefined when never back', () => {
    const failures: Outcome[] = ['timeout', 'error', 429, 204, 204, 204, 204];
    expect(recoveryMs(paced(0, [100, 100, 100, 100, 100, 100, 100], failures), 0, rule)).toBe(200);
    expect(recoveryMs(paced(0, [200, 200, 200, 200, 200, 200]), 0, rule)).toBeUndefined();
  });
});

describe('countOutcomes', () => {
  it('counts each status and failure, keys sorted', () => {
    const counts = countOutcomes(
      ([429, 401, 'timeout', 429, 204] as Outcome[]).map((o) => exchange(0, 1, o)),
    );
    expect(counts).toEqual({ '204': 1, '401': 1, '429': 2, timeout: 1 });
    expect(Object.keys(counts)).toEqual(['204', '401', '429', 'timeout']);
  });
});

describe('bySlice', () => {
  it('groups requests by the slice of time they were sent in, empty slices included', () => {
    const requests = [exchange(1000, 5), exchange(1500, 5), exchange(3200, 5)];
    expect(bySlice(requests, 1000, 1000).map((slice) => slice.length)).toEqual([2, 0, 1]);
  });
});
