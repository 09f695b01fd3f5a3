import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let now = 0;
  const throttle = () => new LoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });

  beforeEach(() => {
    now = 1_000_000;
  });

  it('lets a key fail up to the limit, then refuses it until its oldest failure is out of the window', () => {
    const limits = throttle();
    for (let i = 0; i < 3; i += 1) {
      expect(limits.blockedFor('addr:127.0.0.1')).toBe(0);
      limits.recordFailure('addr:127.0.0.1');
      now += 1000;
    }
    expect(limits.blockedFor('addr:127.0.0.1')).toBe(57_000);
    now += 57_000;
    expect(limits.blockedFor('addr:127.0.0.1')).toBe(0);
  });

  it('keeps keys apart', () => {
    const limits = throttle();
    for (let i = 0; i < 3; i += 1) limits.recordFailure('user:alice');
    expect(limits.blockedFor('user:alice')).toBeGreaterThan(0);
    expect(limits.blockedFor('user:bob')).toBe(0);
    expect(limits.blockedFor('addr:127.0.0.1')).toBe(0);
  });

  it('forgets the oldest keys past its bound', () => {
    const limits = new LoginThrottle({
      maxFailures: 1,
      windowMs: 60_000,
      maxKeys: 2,
      now: () => now,
    });
    limits.recordFailure('a');
    limits.recordFailure('b');
    limits.recordFailure('c');
    expect(limits.blockedFor('a')).toBe(0);
    expect(limits.blockedFor('c')).toBeGreaterThan(0);
  });
});
