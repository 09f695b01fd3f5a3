import { sequentialCases } from './sequential-cases';

describe('sequentialCases', () => {
  it('lists the history cases, then the sizes, measuring a repository both name once', () => {
    expect(sequentialCases([0, 2000, 50000], 100, [100, 10000, 100000], 2000)).toEqual([
      { commits: 0, records: 100 },
      { commits: 2000, records: 100 },
      { commits: 50000, records: 100 },
      { commits: 2000, records: 10000 },
      { commits: 2000, records: 100000 },
    ]);
  });

  it('keeps either list alone', () => {
    expect(sequentialCases([], 100, [10], 5)).toEqual([{ commits: 5, records: 10 }]);
    expect(sequentialCases([7], 100, [], 5)).toEqual([{ commits: 7, records: 100 }]);
  });
});
