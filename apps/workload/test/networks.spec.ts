import { cli } from './support/cli';
import { ENGINES } from './support/databases';
import { basic, postFrom } from './support/loopback-client';
import { freePort, waitFor } from './support/ports';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './support/test-app';
import { createUser, type TestUser } from './support/users';

describe.each(ENGINES)('per-user networks on %s', (engine) => {
  let environment: TestEnvironment;
  let testApp: TestApp;
  let port: number;
  let alice: TestUser;

  /** A /present from a given loopback address (127.0.0.0/8 is all ours). */
  const present = (from: string, authorization: string, headers: Record<string, string> = {}) =>
    postFrom({
      port,
      from,
      path: '/present',
      headers: { Authorization: authorization, ...headers },
      json: { fqdn: '_acme-challenge.example.com', value: 'bGltaXRz' },
    });

  /**
   * Until a present answers `status`: on PostgreSQL the server keeps what it read of an account
   * until the database announces a change, and a change the CLI makes (another process) is seen
   * once that notice has reached it, a few milliseconds after the CLI's commit (ADR 0005).
   */
  const untilPresentAnswers = (status: number, ...request: Parameters<typeof present>) =>
    waitFor(`a present to be answered ${status}`, async () => {
      return (await present(...request)).status === status;
    });

  beforeAll(async () => {
    environment = await createTestEnvironment(engine);
    testApp = await startTestApp(environment);
    port = await freePort();
    await testApp.app.listen(port, '127.0.0.1');
    alice = await createUser(testApp.app, 'alice', { domains: ['example.com'] });
    await createUser(testApp.app, 'mallory', { domains: ['example.com'] });
  });

  afterAll(async () => {
    await testApp.close();
    await environment.cleanup();
  });

  it('limits a user to its networks, managed through the CLI', async () => {
    const restricted = await cli(
      ['restrict-networks', 'mallory', '--networks', '127.0.0.5/32,2001:db8::/32'],
      environment.env,
    );
    expect(restricted).toEqual({
      code: 0,
      stdout: '"mallory" may connect only from 127.0.0.5/32, 2001:db8::/32.\n',
      stderr: '',
    });
    const mallory = basic('mallory', 'mallory-password-0123');
    const refused = await present('127.0.0.6', mallory);
    expect(refused).toMatchObject({
      status: 403,
      body: { error: 'forbidden', message: 'The user mallory may not connect from 127.0.0.6' },
    });
    expect((await present('127.0.0.5', mallory)).status).toBe(204);
    expect((await cli(['restrict-networks', 'mallory', '--any'], environment.env)).stdout).toBe(
      '"mallory" may connect from anywhere.\n',
    );
    await untilPresentAnswers(204, '127.0.0.6', mallory);
  });

  it('refuses networks it cannot read', async () => {
    const result = await cli(
      ['restrict-networks', 'mallory', '--networks', '10.0.0.0/33'],
      environment.env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: "10.0.0.0/33" is not a network: use CIDR notation such as 10.0.0.0/8 or 2001:db8::/32\n',
    );
  });

  it('ignores X-Forwarded-For from a proxy it was not told to trust', async () => {
    await cli(['restrict-networks', 'alice', '--networks', '127.0.0.7'], environment.env);
    await untilPresentAnswers(403, '127.0.0.2', alice.basic, { 'X-Forwarded-For': '127.0.0.7' });
    await cli(['restrict-networks', 'alice', '--any'], environment.env);
  });
});

describe('behind a trusted reverse proxy', () => {
  it('takes the client address from X-Forwarded-For', async () => {
    const environment = await createTestEnvironment('sqlite', {
      env: { HLP_TRUSTED_PROXIES: '127.0.0.1' },
    });
    const testApp = await startTestApp(environment);
    try {
      await createUser(testApp.app, 'proxied', { domains: ['example.com'] });
      await cli(['restrict-networks', 'proxied', '--networks', '192.0.2.10'], environment.env);
      const send = (forwarded: string) =>
        testApp.http
          .post('/present')
          .set('Authorization', basic('proxied', 'proxied-password-0123'))
          .set('X-Forwarded-For', forwarded)
          .send({ fqdn: '_acme-challenge.example.com', value: 'cHJveHk' });
      await send('192.0.2.10').expect(204);
      const refused = await send('198.51.100.1').expect(403);
      expect(refused.body.message).toBe('The user proxied may not connect from 198.51.100.1');
    } finally {
      await testApp.close();
      await environment.cleanup();
    }
  });
});
