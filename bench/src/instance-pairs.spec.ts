import { median, pairRatios, pairSummary } from './instance-pairs';

describe('instance pairs', () => {
  it('take the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([0.92, 1.04, 0.91, 1])).toBeCloseTo(0.96, 10);
    expect(median([])).toBeNaN();
  });

  it('give each pair the two instances’ rate over the one’s, raw and per push', () => {
    const { raw, perPush } = pairRatios([
      { one: { presentRps: 600, pushMs: 60 }, two: { presentRps: 540, pushMs: 66 } },
      { one: { presentRps: 500, pushMs: 50 }, two: { presentRps: 550, pushMs: undefined } },
    ]);
    expect(raw).toEqual([0.9, 1.1]);
    // 540 × 66 against 600 × 60: the slower pushes explain the lower rate.
    expect(perPush).toHaveLength(1);
    expect(perPush[0]).toBeCloseTo(0.99, 10);
  });

  it('summarise the ratios and their medians in one line', () => {
    expect(
      pairSummary([
        { one: { presentRps: 100, pushMs: 50 }, two: { presentRps: 90, pushMs: 50 } },
        { one: { presentRps: 100, pushMs: 50 }, two: { presentRps: 110, pushMs: 50 } },
      ]),
    ).toBe('req/s 0.90, 1.10 (median 1.00); per push 0.90, 1.10 (median 1.00)');
    expect(
      pairSummary([
        { one: { presentRps: 100, pushMs: undefined }, two: { presentRps: 95, pushMs: 1 } },
      ]),
    ).toBe('req/s 0.95 (median 0.95); per push n/a');
  });
});
