// Reading the service's Prometheus text exposition: samples, how counters and histograms moved
// between two scrapes, and quantiles estimated from histogram buckets.

/**
 * The samples of a Prometheus metric in the text exposition format, by label set (`""` when it
 * has none): empty when the metric is declared (`# TYPE`) without samples yet, undefined when the
 * service does not export it at all.
 */
export function metricSamples(text: string, name: string): Map<string, number> | undefined {
  const samples = new Map<string, number>();
  const line = new RegExp(`^${name}(\\{[^}]*\\})?\\s+(\\S+)`);
  let declared = false;
  for (const row of text.split('\n')) {
    if (row.startsWith(`# TYPE ${name} `)) declared = true;
    const match = line.exec(row);
    if (match) samples.set(match[1] ?? '', Number(match[2]));
  }
  return declared || samples.size > 0 ? samples : undefined;
}

/** How a counter moved between two scrapes, per label set; undefined when the service lacks it. */
export function metricDelta(
  before: string,
  after: string,
  name: string,
): Map<string, number> | undefined {
  const later = metricSamples(after, name);
  if (!later) return undefined;
  const earlier = metricSamples(before, name) ?? new Map<string, number>();
  return new Map([...later].map(([labels, value]) => [labels, value - (earlier.get(labels) ?? 0)]));
}

export const sumOf = (samples: Map<string, number>): number =>
  [...samples.values()].reduce((a, b) => a + b, 0);

/** One bucket of a histogram: how many observations were at most `le` (cumulative). */
export interface Bucket {
  readonly le: number;
  readonly count: number;
}

/**
 * How an unlabelled histogram moved between scrapes, summed over several services (`before[i]`
 * and `after[i]` are the same service's), buckets in order; undefined when a service lacks it.
 */
export function histogramDelta(
  before: readonly string[],
  after: readonly string[],
  name: string,
): Bucket[] | undefined {
  const counts = new Map<number, number>();
  for (const [i, text] of after.entries()) {
    const delta = metricDelta(before[i], text, `${name}_bucket`);
    if (!delta) return undefined;
    for (const [labels, count] of delta) {
      const le = /le="([^"]+)"/.exec(labels)?.[1];
      if (le === undefined) continue;
      const bound = le === '+Inf' ? Infinity : Number(le);
      counts.set(bound, (counts.get(bound) ?? 0) + count);
    }
  }
  return [...counts].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

/**
 * The q-quantile (0 to 1) as Prometheus's histogram_quantile estimates it: linearly within the
 * bucket the rank falls in (the first from 0), the highest finite bound when it falls beyond;
 * NaN with no observations.
 */
export function histogramQuantile(buckets: readonly Bucket[], q: number): number {
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const { le, count } of buckets) {
    if (count >= rank && count > below) {
      if (le === Infinity) return lower;
      return lower + ((le - lower) * (rank - below)) / (count - below);
    }
    lower = le;
    below = count;
  }
  return lower;
}
