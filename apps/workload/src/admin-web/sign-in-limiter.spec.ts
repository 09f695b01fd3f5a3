import { SignInLimiter } from './sign-in-limiter';

describe('SignInLimiter', () => {
  let now = 0;
  const limiter = () => {
    const created = new SignInLimiter();
    created.configure({ perUsername: 3, perAddress: 5, windowMs: 60_000 }, () => now);
    return created;
  };

  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows attempts until a username has failed too often, then until the window moves on', () => {
    const limits = limiter();
    for (let i = 0; i < 3; i += 1) {
      expect(limits.retryAfterSeconds('admin', '10.0.0.1')).toBe(0);
      limits.recordFailure('admin', '10.0.0.1');
      now += 1000;
    }
    // Failures at 0 s, 1 s, 2 s; now 3 s: the first leaves the window at 60 s.
    expect(limits.retryAfterSeconds('ADMIN', '10.0.0.2')).toBe(57);
    expect(limits.retryAfterSeconds('other', '10.0.0.2')).toBe(0);
    now += 57_000;
    expect(limits.retryAfterSeconds('admin', '10.0.0.1')).toBe(0);
  });

  it('limits an address across usernames', () => {
    const limits = limiter();
    for (let i = 0; i < 5; i += 1) limits.recordFailure(`user${i}`, '10.0.0.9');
    expect(limits.retryAfterSeconds('someone-else', '10.0.0.9')).toBe(60);
    expect(limits.retryAfterSeconds('someone-else', '10.0.0.8')).toBe(0);
  });

  it('forgets a username’s failures when it signs in', () => {
    const limits = limiter();
    for (let i = 0; i < 3; i += 1) limits.recordFailure('admin', `10.0.0.${i}`);
    expect(limits.retryAfterSeconds('admin', '10.0.0.7')).toBeGreaterThan(0);
    limits.recordSuccess('admin');
    expect(limits.retryAfterSeconds('admin', '10.0.0.7')).toBe(0);
  });
});
