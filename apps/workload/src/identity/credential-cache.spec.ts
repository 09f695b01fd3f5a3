import { CredentialCache } from './credential-cache';

describe('CredentialCache', () => {
  let now = 0;
  const cache = (ttlMs = 1000, maxEntries = 100) =>
    new CredentialCache({ ttlMs, maxEntries, now: () => now });

  beforeEach(() => {
    now = 1_000_000;
  });

  it('misses, then hits once remembered', () => {
    const credentials = cache();
    expect(credentials.lookup(credentials.keyOf('alice', 'pw'), 'hash-1')).toBeUndefined();
    credentials.remember(credentials.keyOf('alice', 'pw'), 7, 'hash-1');
    expect(credentials.lookup(credentials.keyOf('alice', 'pw'), 'hash-1')).toBe(7);
  });

  it('misses for another password or another user', () => {
    const credentials = cache();
    credentials.remember(credentials.keyOf('alice', 'pw'), 7, 'hash-1');
    expect(credentials.lookup(credentials.keyOf('alice', 'pw2'), 'hash-1')).toBeUndefined();
    expect(credentials.lookup(credentials.keyOf('bob', 'pw'), 'hash-1')).toBeUndefined();
    // "a" + "b:c" and "a:b" + "c" must not collide
    credentials.remember(credentials.keyOf('a', 'b\0c'), 1, 'h');
    expect(credentials.lookup(credentials.keyOf('a\0b', 'c'), 'h')).toBeUndefined();
  });

  it('misses once the stored hash changed (password changed by another process)', () => {
    const credentials = cache();
    credentials.remember(credentials.keyOf('alice', 'pw'), 7, 'hash-1');
    expect(credentials.lookup(credentials.keyOf('alice', 'pw'), 'hash-2')).toBeUndefined();
    expect(credentials.size).toBe(0);
  });

  it('knows a pair it verified recently, whatever the stored hash is now', () => {
    const credentials = cache(1000);
    expect(credentials.knows(credentials.keyOf('alice', 'pw'))).toBe(false);
    credentials.remember(credentials.keyOf('alice', 'pw'), 7, 'hash-1');
    expect(credentials.knows(credentials.keyOf('alice', 'pw'))).toBe(true);
    expect(credentials.knows(credentials.keyOf('alice', 'other'))).toBe(false);
    now += 1000;
    expect(credentials.knows(credentials.keyOf('alice', 'pw'))).toBe(false);
  });

  it('forgets entries unused for the TTL; each hit starts it again', () => {
    const credentials = cache(1000);
    credentials.remember(credentials.keyOf('alice', 'pw'), 7, 'hash-1');
    now += 999;
    expect(credentials.lookup(credentials.keyOf('alice', 'pw'), 'hash-1')).toBe(7);
    now += 999;
    expect(credentials.lookup(credentials.keyOf('alice', 'pw'), 'hash-1')).toBe(7);
    now += 1000;
    expect(credentials.lookup(credentials.keyOf('alice', 'pw'), 'hash-1')).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const credentials = cache(1000, 2);
    credentials.remember(credentials.keyOf('a', 'pw'), 1, 'h');
    credentials.remember(credentials.keyOf('b', 'pw'), 2, 'h');
    credentials.remember(credentials.keyOf('c', 'pw'), 3, 'h');
    expect(credentials.size).toBe(2);
    expect(credentials.lookup(credentials.keyOf('a', 'pw'), 'h')).toBeUndefined();
    expect(credentials.lookup(credentials.keyOf('c', 'pw'), 'h')).toBe(3);
  });

  it('remembers nothing with a TTL of 0', () => {
    const credentials = cache(0);
    credentials.remember(credentials.keyOf('alice', 'pw'), 7, 'hash-1');
    expect(credentials.lookup(credentials.keyOf('alice', 'pw'), 'hash-1')).toBeUndefined();
    expect(credentials.size).toBe(0);
  });
});
