import { BatchGathering } from './batch-gathering';

describe('when the next batch starts', () => {
  it('starts at once before any push, and after a push that answered one change', () => {
    const gathering = new BatchGathering(500);
    expect(gathering.waitMs(1, 0)).toBe(0);
    gathering.pushed(1, 0, 80, 1000);
    expect(gathering.waitMs(1, 1001)).toBe(0);
  });

  it('waits for the clients a push answered, up to that push’s own time after it ended', () => {
    const gathering = new BatchGathering(500);
    gathering.pushed(32, 32, 80, 1000);
    expect(gathering.waitMs(32, 1000)).toBe(80);
    expect(gathering.waitMs(50, 1010)).toBe(70);
    expect(gathering.waitMs(63, 1079)).toBe(1);
    expect(gathering.waitMs(63, 1080)).toBe(0);
    expect(gathering.waitMs(1, 5000)).toBe(0);
  });

  it('starts as soon as every change outstanding at the push’s end is queued', () => {
    const gathering = new BatchGathering(500);
    gathering.pushed(32, 32, 80, 1000);
    expect(gathering.waitMs(64, 1001)).toBe(0);
    gathering.pushed(64, 0, 80, 2000);
    expect(gathering.waitMs(1, 2001)).toBe(79);
    expect(gathering.waitMs(64, 2002)).toBe(0);
  });

  it('waits up to two pushes’ time when the push carried changes other instances handed off', () => {
    const gathering = new BatchGathering(500);
    gathering.pushed(64, 0, 25, 1000, 32);
    expect(gathering.waitMs(32, 1000)).toBe(50);
    expect(gathering.waitMs(63, 1049)).toBe(1);
    expect(gathering.waitMs(63, 1050)).toBe(0);
    expect(gathering.waitMs(64, 1001)).toBe(0);
    // The next push carried only this instance's own changes: one push again.
    gathering.pushed(64, 0, 25, 2000);
    expect(gathering.waitMs(32, 2000)).toBe(25);
  });

  it('never waits for more than a batch holds', () => {
    const gathering = new BatchGathering(100);
    gathering.pushed(100, 300, 80, 1000);
    expect(gathering.waitMs(100, 1001)).toBe(0);
    expect(gathering.waitMs(99, 1001)).toBe(79);
  });
});
