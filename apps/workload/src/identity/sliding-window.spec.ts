import { SlidingWindowCounter } from './sliding-window';

describe('SlidingWindowCounter', () => {
  let now = 0;
  const counter = (maxKeys = 100) =>
    new SlidingWindowCounter({ windowMs: 60_000, maxEventsPerKey: 3, maxKeys, now: () => now });

  beforeEach(() => {
    now = 1_000_000;
  });

  it('counts events inside the window only', () => {
    const events = counter();
    events.record('a');
    now += 30_000;
    events.record('a');
    expect(events.count('a')).toBe(2);
    now += 30_000;
    expect(events.count('a')).toBe(1);
    now += 30_000;
    expect(events.count('a')).toBe(0);
  });

  it('says how long until a key is below a limit', () => {
    const events = counter();
    for (let i = 0; i < 3; i += 1) {
      events.record('a');
      now += 1000;
    }
    expect(events.msUntilBelow('a', 4)).toBe(0);
    expect(events.msUntilBelow('a', 3)).toBe(57_000);
    expect(events.msUntilBelow('a', 1)).toBe(59_000);
    now += 57_000;
    expect(events.msUntilBelow('a', 3)).toBe(0);
  });

  it('keeps keys apart, remembers a bounded number of events, and forgets', () => {
    const events = counter();
    for (let i = 0; i < 10; i += 1) events.record('a');
    events.record('b');
    expect(events.count('a')).toBe(3);
    expect(events.count('b')).toBe(1);
    events.forget('a');
    expect(events.count('a')).toBe(0);
  });

  it('forgets the least recently used keys past its bound', () => {
    const events = counter(2);
    events.record('a');
    events.record('b');
    events.record('a');
    events.record('c');
    expect(events.count('b')).toBe(0);
    expect(events.count('a')).toBe(2);
    expect(events.count('c')).toBe(1);
  });
});
