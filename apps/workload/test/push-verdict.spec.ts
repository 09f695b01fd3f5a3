import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ENGINES } from './support/databases';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './support/test-app';
import { createUser, type TestUser } from './support/users';
import { commitCount, remoteZone, txtLines } from './support/zone-repository';

const value = () => randomBytes(32).toString('base64url');

/**
 * A push that outlives HLP_GIT_TIMEOUT_SECONDS, held by a hook of the remote for as long as a file
 * the test controls exists: git is stopped by the timeout, never by a race. A pre-receive hook
 * holds the push before the branch moves; a post-receive hook, after.
 */
describe.each(ENGINES)('a push that gives no verdict in time, on %s', (engine) => {
  let environment: TestEnvironment;
  let testApp: TestApp;
  let alice: TestUser;
  let remote: string;
  const hold = (when: 'before' | 'after') => join(environment.dir, `hold-${when}-the-branch-moves`);

  const present = (fqdn: string, v: string) =>
    testApp.http.post('/present').set('Authorization', alice.basic).send({ fqdn, value: v });

  beforeAll(async () => {
    environment = await createTestEnvironment(engine, {
      env: { HLP_GIT_TIMEOUT_SECONDS: '5' },
    });
    remote = environment.remote;
    for (const [hook, when] of [
      ['pre-receive', 'before'],
      ['post-receive', 'after'],
    ] as const) {
      const file = join(remote, 'hooks', hook);
      await writeFile(
        file,
        `#!/bin/sh\ncat >/dev/null\nwhile [ -e '${hold(when)}' ]; do sleep 0.1; done\n`,
      );
      await chmod(file, 0o755);
    }
    testApp = await startTestApp(environment);
    alice = await createUser(testApp.app, 'alice', { subdomains: ['example.com'] });
  });

  afterEach(async () => {
    await rm(hold('before'), { force: true });
    await rm(hold('after'), { force: true });
  });

  afterAll(async () => {
    await testApp.close();
    await environment.cleanup();
  });

  it('answers 204 when the remote has the commit all the same, and carries on from it', async () => {
    const [first, second] = [value(), value()];
    const commits = await commitCount(remote);
    await writeFile(hold('after'), '');
    await present('_acme-challenge.slow.example.com', first).expect(204);
    // Still held: the push cannot have answered; the service asked the remote instead.
    expect(existsSync(hold('after'))).toBe(true);
    await rm(hold('after'));

    await present('_acme-challenge.next.example.com', second).expect(204);
    const zone = await remoteZone(remote, 'example.com');
    expect(txtLines(zone, '_acme-challenge.slow')).toEqual([first]);
    expect(txtLines(zone, '_acme-challenge.next')).toEqual([second]);
    expect((await commitCount(remote)) - commits).toBe(2);
  });

  it('answers 503 saying the outcome is unknown and a retry is safe when the remote does not have it', async () => {
    const v = value();
    const before = await remoteZone(remote, 'example.com');
    await writeFile(hold('before'), '');
    const response = await present('_acme-challenge.held.example.com', v).expect(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body).toEqual({
      error: 'repository_unavailable',
      message:
        'the zone repository did not confirm the change in time: it may have been written or not; retrying is safe (present is idempotent, cleanup of an absent value is a no-op)',
    });
    expect(existsSync(hold('before'))).toBe(true);
    expect(await remoteZone(remote, 'example.com')).toBe(before);
    await rm(hold('before'));

    await present('_acme-challenge.held.example.com', v).expect(204);
    expect(txtLines(await remoteZone(remote, 'example.com'), '_acme-challenge.held')).toEqual([v]);
  });
});
