import { histogramDelta, histogramQuantile, metricDelta, metricSamples } from './service-metrics';

const exposition = (
  hashes: string,
) => `# HELP lego_provider_auth_password_hashes_total Hashes computed.
# TYPE lego_provider_auth_password_hashes_total counter
${hashes}
# HELP lego_provider_auth_password_hashes_total_other Not this one.
# TYPE lego_provider_auth_password_hashes_total_other counter
lego_provider_auth_password_hashes_total_other 99
`;

describe('Prometheus metrics', () => {
  it('reads the samples of a metric by label set, and no metric whose name only starts alike', () => {
    const text = exposition(
      'lego_provider_auth_password_hashes_total{result="ok"} 3\nlego_provider_auth_password_hashes_total{result="wrong"} 7',
    );
    expect(metricSamples(text, 'lego_provider_auth_password_hashes_total')).toEqual(
      new Map([
        ['{result="ok"}', 3],
        ['{result="wrong"}', 7],
      ]),
    );
  });

  it('tells a declared metric without samples from one the service does not export', () => {
    expect(metricSamples(exposition(''), 'lego_provider_auth_password_hashes_total')).toEqual(
      new Map(),
    );
    expect(metricSamples(exposition(''), 'lego_provider_auth_refused_total')).toBeUndefined();
  });

  it('gives how a counter moved, a label set first seen after the start counting from 0', () => {
    const before = exposition('lego_provider_auth_password_hashes_total{result="wrong"} 7');
    const after = exposition(
      'lego_provider_auth_password_hashes_total{result="ok"} 2\nlego_provider_auth_password_hashes_total{result="wrong"} 10',
    );
    expect(metricDelta(before, after, 'lego_provider_auth_password_hashes_total')).toEqual(
      new Map([
        ['{result="ok"}', 2],
        ['{result="wrong"}', 3],
      ]),
    );
    expect(metricDelta(before, after, 'lego_provider_auth_refused_total')).toBeUndefined();
  });
});

/** prom-client's text for an unlabelled histogram with buckets 1, 2, 4 and these cumulative counts. */
const histogram = (counts: [number, number, number, number], sum: number) => `# HELP size Sizes.
# TYPE size histogram
size_bucket{le="1"} ${counts[0]}
size_bucket{le="2"} ${counts[1]}
size_bucket{le="4"} ${counts[2]}
size_bucket{le="+Inf"} ${counts[3]}
size_sum ${sum}
size_count ${counts[3]}
`;

describe('Prometheus histograms', () => {
  it('give how the buckets moved between two scrapes, summed over services', () => {
    const before = [histogram([1, 1, 2, 2], 4), histogram([0, 0, 0, 0], 0)];
    const after = [histogram([1, 3, 6, 7], 25), histogram([2, 2, 2, 2], 2)];
    expect(histogramDelta(before, after, 'size')).toEqual([
      { le: 1, count: 2 },
      { le: 2, count: 4 },
      { le: 4, count: 6 },
      { le: Infinity, count: 7 },
    ]);
    expect(histogramDelta(before, after, 'missing')).toBeUndefined();
  });

  it('estimate quantiles within the bucket the rank falls in, as histogram_quantile does', () => {
    const buckets = [
      { le: 1, count: 2 },
      { le: 2, count: 4 },
      { le: 4, count: 8 },
      { le: Infinity, count: 10 },
    ];
    expect(histogramQuantile(buckets, 0.25)).toBeCloseTo(1.25);
    expect(histogramQuantile(buckets, 0.5)).toBeCloseTo(2.5);
    expect(histogramQuantile(buckets, 0.7)).toBeCloseTo(3.5);
    // Beyond the last finite bucket: its bound, as nothing better is known.
    expect(histogramQuantile(buckets, 0.9)).toBe(4);
    expect(histogramQuantile(buckets, 0)).toBe(0);
  });

  it('skip empty buckets, and give NaN when nothing was observed', () => {
    const waits = [
      { le: 0.001, count: 0 },
      { le: 0.01, count: 0 },
      { le: 0.1, count: 4 },
      { le: Infinity, count: 4 },
    ];
    expect(histogramQuantile(waits, 0.5)).toBeCloseTo(0.055);
    expect(
      histogramQuantile(
        [
          { le: 1, count: 0 },
          { le: Infinity, count: 0 },
        ],
        0.5,
      ),
    ).toBeNaN();
  });
});
