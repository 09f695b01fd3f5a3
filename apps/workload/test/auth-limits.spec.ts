import type { ClientRequest } from 'node:http';
import { AccountsService } from '../src/accounts/accounts.service';
import { User } from '../src/accounts/user.entity';
import { DomainsService } from '../src/domains/domains.service';
import { Metrics } from '../src/metrics/metrics';
import { HashPool } from '../src/passwords/hash-pool';
import { PasswordHasher } from '../src/passwords/password-hasher';
import { hashPassword } from '../src/passwords/password-hashing';
import { Browser } from './support/browser';
import { ENGINES } from './support/databases';
import { type Answer, basic, postFrom } from './support/loopback-client';
import { freePort, waitFor } from './support/ports';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './support/test-app';
import type { TestUser } from './support/users';
import { createAdmin } from './support/admin';

const statuses = (answers: readonly Answer[]) =>
  answers.reduce<Record<number, number>>((counts, answer) => {
    counts[answer.status] = (counts[answer.status] ?? 0) + 1;
    return counts;
  }, {});

describe.each(ENGINES)('authentication limits on %s', (engine) => {
  let environment: TestEnvironment;
  let testApp: TestApp;
  let port: number;
  let hashes: jest.SpyInstance;
  const cheapHashes = new HashPool(1);

  const present = (from: string, authorization: string, signal?: (call: ClientRequest) => void) =>
    postFrom(
      {
        port,
        from,
        path: '/present',
        headers: { Authorization: authorization },
        json: { fqdn: '_acme-challenge.example.com', value: 'bGltaXRz' },
      },
      signal,
    );

  /**
   * A user whose stored hash is cheap to check: these tests are about who gets a hash at all, so
   * the full scrypt cost would only make them slow (the benchmark measures it).
   */
  const cheapUser = async (username: string): Promise<TestUser> => {
    const password = `${username}-password-0123`;
    const passwordHash = await hashPassword(cheapHashes, password, { ln: 4, r: 8, p: 1 });
    await testApp.dataSource.getRepository(User).insert({ username, passwordHash });
    await testApp.app.get(DomainsService).allow(username, { domains: ['example.com'] });
    return { username, password, basic: basic(username, password) };
  };

  const metric = async (name: 'authCancelled' | 'hashQueueLength') =>
    (await testApp.app.get(Metrics)[name].get()).values.reduce((sum, { value }) => sum + value, 0);

  beforeAll(async () => {
    environment = await createTestEnvironment(engine, {
      env: {
        HLP_AUTH_FAILURE_LIMIT: '3',
        HLP_AUTH_CLIENT_FAILURE_LIMIT: '6',
        HLP_AUTH_HASH_THREADS: '1',
      },
    });
    testApp = await startTestApp(environment);
    port = await freePort();
    await testApp.app.listen(port, '127.0.0.1');
  });

  beforeEach(() => {
    hashes = jest.spyOn(testApp.app.get(PasswordHasher), 'verify');
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await testApp.close();
    await environment.cleanup();
    await cheapHashes.close();
  });

  it('refuses a guessing (username, address) pair before hashing, and lets the owner in from elsewhere', async () => {
    const victim = await cheapUser('victim');
    // Four guessing addresses, twelve failures: the username now counts as under attack, so its
    // next hashes are paced (one a second), never refused.
    for (let client = 1; client <= 4; client += 1) {
      const from = `127.0.10.${client}`;
      for (let guess = 0; guess < 3; guess += 1) {
        expect((await present(from, basic('victim', `guess-${client}-${guess}`))).status).toBe(401);
      }
      const refused = await present(from, basic('victim', `guess-${client}-again`));
      expect(refused).toMatchObject({
        status: 429,
        body: {
          error: 'too_many_requests',
          message: expect.stringMatching(
            /^too many failed authentications for this user from this address: retry in \d+ s$/,
          ),
        },
      });
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    }
    expect(hashes).toHaveBeenCalledTimes(12);
    // The owner, whose credentials were never verified before, from a fifth address.
    expect((await present('127.0.10.5', victim.basic)).status).toBe(204);
    expect((await present('127.0.10.5', victim.basic)).status).toBe(204);
    expect(hashes).toHaveBeenCalledTimes(13);
  });

  it('counts simultaneous attempts as they arrive: a flood from one address costs a few hashes', async () => {
    await cheapUser('flooded');
    const lookups = jest.spyOn(testApp.app.get(AccountsService), 'credentialsOf');
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => present('127.0.20.1', basic('flooded', `flood-${i}`))),
    );
    const counts = statuses(answers);
    expect(Object.keys(counts).sort()).toEqual(['401', '429']);
    expect(counts[401]).toBeLessThanOrEqual(3);
    expect(counts[401] + counts[429]).toBe(40);
    expect(hashes.mock.calls.length).toBe(counts[401]);
    // Refused as they arrived: not even the database was asked for them.
    expect(lookups.mock.calls.length).toBe(counts[401]);
  });

  it('stops hashing unverified credentials from an address that fails for many usernames, never verified ones', async () => {
    const owner = await cheapUser('sprayed-owner');
    const bystander = await cheapUser('sprayed-bystander');
    expect((await present('127.0.30.1', owner.basic)).status).toBe(204);
    const token = await testApp.http
      .post('/api/v1/auth/token/')
      .send({ username: owner.username, password: owner.password })
      .expect(200);
    const sprayed = await Promise.all(
      Array.from({ length: 6 }, (_, i) => cheapUser(`sprayed-${i}`)),
    );
    for (const user of sprayed) {
      expect((await present('127.0.30.1', basic(user.username, 'wrong-password'))).status).toBe(
        401,
      );
    }
    const refused = await present('127.0.30.1', bystander.basic);
    expect(refused.status).toBe(429);
    expect(refused.body.message).toMatch(/^too many failed authentications from this address/);
    // Credentials verified already, and tokens, still work from there; others, from elsewhere.
    expect((await present('127.0.30.1', owner.basic)).status).toBe(204);
    expect((await present('127.0.30.1', `Bearer ${token.body.access as string}`)).status).toBe(204);
    expect((await present('127.0.30.2', bystander.basic)).status).toBe(204);
  });

  it('applies the same limits to the token endpoint and the admin sign-in', async () => {
    const shared = await cheapUser('shared-user');
    const obtain = (password: string) =>
      postFrom({
        port,
        from: '127.0.40.1',
        path: '/api/v1/auth/token/',
        json: { username: 'shared-user', password },
      });
    for (let i = 0; i < 3; i += 1) expect((await obtain(`wrong-${i}`)).status).toBe(401);
    expect((await obtain(shared.password)).status).toBe(429);
    expect((await present('127.0.40.1', shared.basic)).status).toBe(429);
    expect((await present('127.0.40.2', shared.basic)).status).toBe(204);

    // Guesses at an administrator's password through the token endpoint count for the sign-in page.
    const admin = await createAdmin(testApp.app, 'shared-admin');
    for (let i = 0; i < 3; i += 1) {
      await testApp.http
        .post('/api/v1/auth/token/')
        .send({ username: admin.username, password: `wrong-${i}` })
        .expect(401);
    }
    const signIn = await new Browser(() => testApp).signIn(admin);
    expect(signIn.status).toBe(429);
    expect(signIn.text).toContain('Too many sign-in attempts');
  });

  it('drops a queued hash when its client disconnects', async () => {
    await cheapUser('slow-a');
    await cheapUser('slow-b');
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const hasher = testApp.app.get(PasswordHasher);
    hashes.mockRestore();
    const verify = hasher.verify.bind(hasher);
    hashes = jest.spyOn(hasher, 'verify').mockImplementation(async (password, stored) => {
      await gate;
      return verify(password, stored);
    });
    const first = present('127.0.50.1', basic('slow-a', 'wrong-a'));
    await waitFor('the first hash to start', async () => hashes.mock.calls.length === 1);
    let second: ClientRequest | undefined;
    const abandoned = present('127.0.50.2', basic('slow-b', 'wrong-b'), (call) => {
      second = call;
    }).catch((error: Error) => error);
    await waitFor(
      'the second attempt to queue',
      async () => (await metric('hashQueueLength')) === 1,
    );
    second?.destroy();
    await waitFor(
      'the queued hash to be dropped',
      async () => (await metric('authCancelled')) === 1,
    );
    expect(await metric('hashQueueLength')).toBe(0);
    release();
    expect((await first).status).toBe(401);
    // The client itself went away: it saw its own connection end, never an answer.
    expect(await abandoned).toMatchObject({
      message: expect.stringMatching(/hang up|reset|abort/i),
    });
    expect(hashes).toHaveBeenCalledTimes(1);
  });
});
