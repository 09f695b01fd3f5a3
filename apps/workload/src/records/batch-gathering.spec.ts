import { BatchGathering } from './batch-gathering';

describe('when the next batch starts', () => {
  it('starts at once before any push, and after a push that answered one change', () => {
    const gathering = new BatchGathering(500);
    expect(gathering.waitMs(1, 0, 0)).toBe(0);
    gathering.pushed(1, 0, 80, 1000);
    expect(gathering.waitMs(1, 0, 1001)).toBe(0);
  });

  it('waits for the clients a push answered, up to that push’s own time after it ended', () => {
    const gathering = new BatchGathering(500);
    gathering.pushed(32, 32, 80, 1000);
    expect(gathering.waitMs(32, 0, 1000)).toBe(80);
    expect(gathering.waitMs(50, 0, 1010)).toBe(70);
    expect(gathering.waitMs(63, 0, 1079)).toBe(1);
    expect(gathering.waitMs(63, 0, 1080)).toBe(0);
    expect(gathering.waitMs(1, 0, 5000)).toBe(0);
  });

  it('starts as soon as every change outstanding at the push’s end is queued', () => {
    const gathering = new BatchGathering(500);
    gathering.pushed(32, 32, 80, 1000);
    expect(gathering.waitMs(64, 0, 1001)).toBe(0);
    gathering.pushed(64, 0, 80, 2000);
    expect(gathering.waitMs(1, 0, 2001)).toBe(79);
    expect(gathering.waitMs(64, 0, 2002)).toBe(0);
  });

  it('waits up to two pushes’ time for a hand-off from each batch the push carried', () => {
    const gathering = new BatchGathering(500);
    gathering.pushed(32, 0, 25, 1000, 1);
    // Its own clients back, the other instance's batch not yet: up to two pushes.
    expect(gathering.waitMs(32, 0, 1001)).toBe(49);
    expect(gathering.waitMs(32, 0, 1049)).toBe(1);
    expect(gathering.waitMs(32, 0, 1050)).toBe(0);
    // Both: at once, however many changes the hand-off holds.
    expect(gathering.waitMs(32, 1, 1002)).toBe(0);
    // The next push carried only this instance's own changes: one push, no hand-off awaited.
    gathering.pushed(64, 0, 25, 2000);
    expect(gathering.waitMs(32, 0, 2000)).toBe(25);
    expect(gathering.waitMs(64, 0, 2001)).toBe(0);
  });

  it('waits for its own stragglers one push only, the hand-off up to two', () => {
    const gathering = new BatchGathering(500);
    gathering.pushed(32, 0, 25, 1000, 2);
    expect(gathering.waitMs(20, 2, 1010)).toBe(15);
    expect(gathering.waitMs(20, 2, 1025)).toBe(0);
    expect(gathering.waitMs(20, 1, 1010)).toBe(15);
    expect(gathering.waitMs(20, 1, 1025)).toBe(25);
    expect(gathering.waitMs(32, 1, 1049)).toBe(1);
    expect(gathering.waitMs(32, 1, 1050)).toBe(0);
  });

  it('never waits for more than a batch holds', () => {
    const gathering = new BatchGathering(100);
    gathering.pushed(100, 300, 80, 1000);
    expect(gathering.waitMs(100, 0, 1001)).toBe(0);
    expect(gathering.waitMs(99, 0, 1001)).toBe(79);
  });
});
