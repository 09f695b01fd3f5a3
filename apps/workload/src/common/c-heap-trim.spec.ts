import { TrimSchedule } from './c-heap-trim';

describe('TrimSchedule', () => {
  let now: number;
  let trims: number[];
  let schedule: TrimSchedule;

  beforeEach(() => {
    now = 0;
    trims = [];
    schedule = new TrimSchedule(
      () => trims.push(now),
      () => now,
    );
  });

  it('trims at a batch in flight once the interval has passed, and not before', () => {
    for (now = 0; now <= 5_000; now += 100) schedule.batchInFlight();
    expect(trims).toEqual([2_000, 4_000]);
  });

  it('leaves the timer nothing to do while batches come', () => {
    for (now = 0; now <= 10_000; now += 100) {
      schedule.batchInFlight();
      if (now % 2_000 === 0) schedule.tick();
    }
    expect(trims).toEqual([2_000, 4_000, 6_000, 8_000, 10_000]);
  });

  it('trims on the timer when no batch has come for twice the interval', () => {
    for (now = 0; now <= 10_000; now += 2_000) schedule.tick();
    expect(trims).toEqual([4_000, 8_000]);
  });

  it('counts a trim at a batch as the last one for the timer', () => {
    now = 3_000;
    schedule.batchInFlight();
    now = 6_000;
    schedule.tick();
    now = 7_000;
    schedule.tick();
    expect(trims).toEqual([3_000, 7_000]);
  });
});
