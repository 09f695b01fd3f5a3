import { type Attempt, AuthLimiter, type AuthLimiterOptions } from './auth-limiter';

describe('AuthLimiter', () => {
  let now = 0;
  const limiter = (options: Partial<AuthLimiterOptions> = {}) =>
    new AuthLimiter({
      pairFailureLimit: 3,
      clientFailureLimit: 6,
      windowMs: 60_000,
      clientShare: 2,
      usernameAttackThreshold: 4,
      usernamePaceMs: 1000,
      familiarMs: 3_600_000,
      maxKeys: 1000,
      now: () => now,
      ...options,
    });
  const attempt = (username: string, client: string): Attempt => ({ username, client });
  const fail = (limits: AuthLimiter, at: Attempt) => {
    expect(limits.admit(at)).toBeUndefined();
    limits.settle(at, 'mismatch');
  };

  beforeEach(() => {
    now = 1_000_000;
  });

  it('refuses a pair that keeps failing, and only that pair', () => {
    const limits = limiter();
    for (let i = 0; i < 3; i += 1) {
      fail(limits, attempt('alice', '10.0.0.1'));
      now += 1000;
    }
    expect(limits.admit(attempt('alice', '10.0.0.1'))).toEqual({
      reason: 'guessing',
      retryAfterSeconds: 57,
      message: 'too many failed authentications for this user from this address: retry in 57 s',
    });
    // The same username from a client that is not guessing, and another username from the guesser.
    expect(limits.admit(attempt('alice', '10.0.0.2'))).toBeUndefined();
    expect(limits.admit(attempt('bob', '10.0.0.1'))).toBeUndefined();
    now += 57_000;
    expect(limits.admit(attempt('alice', '10.0.0.1'))).toBeUndefined();
  });

  it('counts attempts in flight as they arrive, not when they fail', () => {
    const limits = limiter({ clientShare: 10 });
    const guess = attempt('alice', '10.0.0.1');
    for (let i = 0; i < 3; i += 1) expect(limits.admit(guess)).toBeUndefined();
    expect(limits.admit(guess)).toMatchObject({ reason: 'guessing', retryAfterSeconds: 1 });
    limits.settle(guess, 'cancelled');
    expect(limits.admit(guess)).toBeUndefined();
  });

  it('refuses a client that fails for many usernames', () => {
    const limits = limiter();
    for (let i = 0; i < 6; i += 1) fail(limits, attempt(`user${i}`, '10.0.0.1'));
    expect(limits.admit(attempt('someone-else', '10.0.0.1'))).toMatchObject({
      reason: 'client_failures',
      message: expect.stringMatching(/^too many failed authentications from this address/),
    });
    expect(limits.admit(attempt('someone-else', '10.0.0.2'))).toBeUndefined();
  });

  it('lets one client wait for a small share of the hashes at once', () => {
    const limits = limiter();
    expect(limits.admit(attempt('a', '10.0.0.1'))).toBeUndefined();
    expect(limits.admit(attempt('b', '10.0.0.1'))).toBeUndefined();
    expect(limits.admit(attempt('c', '10.0.0.1'))).toMatchObject({
      reason: 'client_busy',
      retryAfterSeconds: 1,
    });
    limits.settle(attempt('a', '10.0.0.1'), 'match');
    expect(limits.admit(attempt('c', '10.0.0.1'))).toBeUndefined();
  });

  it('forgets a pair\u2019s failures on success, and makes the pair familiar for a while', () => {
    const limits = limiter();
    const owner = attempt('alice', '10.0.0.1');
    fail(limits, owner);
    fail(limits, owner);
    expect(limits.lane(owner)).toBe('other');
    expect(limits.admit(owner)).toBeUndefined();
    limits.settle(owner, 'match');
    expect(limits.lane(owner)).toBe('familiar');
    for (let i = 0; i < 2; i += 1) fail(limits, owner);
    expect(limits.admit(owner)).toBeUndefined();
    now += 3_600_000;
    expect(limits.lane(owner)).toBe('other');
  });

  it('paces the hashing of a username under attack, without refusing it', () => {
    const limits = limiter();
    limits.hashStarted('alice');
    expect(limits.paceDelayMs('alice')).toBe(0);
    for (let i = 0; i < 4; i += 1) fail(limits, attempt('alice', `10.0.1.${i}`));
    limits.hashStarted('alice');
    expect(limits.paceDelayMs('alice')).toBe(1000);
    expect(limits.admit(attempt('alice', '10.0.2.1'))).toBeUndefined();
    now += 400;
    expect(limits.paceDelayMs('alice')).toBe(600);
    expect(limits.paceDelayMs('bob')).toBe(0);
    now += 600;
    expect(limits.paceDelayMs('alice')).toBe(0);
  });
});
