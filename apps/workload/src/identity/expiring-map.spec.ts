import { ExpiringMap } from './expiring-map';

describe('ExpiringMap', () => {
  let now = 0;
  const map = (maxKeys = 10) => new ExpiringMap<string>({ maxKeys, now: () => now });

  beforeEach(() => {
    now = 1_000_000;
  });

  it('keeps a value for its time to live, then forgets it', () => {
    const values = map();
    values.set('a', 'one', 1000);
    now += 999;
    expect(values.get('a')).toBe('one');
    expect(values.msLeft('a')).toBe(1);
    now += 1;
    expect(values.get('a')).toBeUndefined();
    expect(values.msLeft('a')).toBe(0);
    expect(values.size).toBe(0);
  });

  it('starts the time again when a value is set again', () => {
    const values = map();
    values.set('a', 'one', 1000);
    now += 900;
    values.set('a', 'two', 1000);
    now += 900;
    expect(values.get('a')).toBe('two');
  });

  it('forgets the least recently set keys past its bound, and on demand', () => {
    const values = map(2);
    values.set('a', 'one', 1000);
    values.set('b', 'two', 1000);
    values.set('a', 'three', 1000);
    values.set('c', 'four', 1000);
    expect(values.get('b')).toBeUndefined();
    expect(values.get('a')).toBe('three');
    values.delete('a');
    expect(values.get('a')).toBeUndefined();
    expect(values.get('c')).toBe('four');
  });
});
