import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runGit } from '../src/records/git-process';
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
 * holds the push before the branch moves; a post-receive hook, after (and can first play another
 * writer, whose commit lands on top).
 */
describe.each(ENGINES)('a push that gives no verdict in time, on %s', (engine) => {
  let environment: TestEnvironment;
  let testApp: TestApp;
  let alice: TestUser;
  let remote: string;
  const hold = (when: 'before' | 'after') => join(environment.dir, `hold-${when}-the-branch-moves`);
  const onTop = () => join(environment.dir, 'another-writer-on-top');

  const present = (fqdn: string, v: string) =>
    testApp.http.post('/present').set('Authorization', alice.basic).send({ fqdn, value: v });

  beforeAll(async () => {
    environment = await createTestEnvironment(engine, {
      env: { HLP_GIT_TIMEOUT_SECONDS: '5' },
    });
    remote = environment.remote;
    const hooks = {
      'pre-receive': `while [ -e '${hold('before')}' ]; do sleep 0.1; done`,
      // Another writer's commit on top of the one just received, when asked.
      'post-receive': [
        `if [ -e '${onTop()}' ]; then`,
        `  rm '${onTop()}'`,
        '  export GIT_AUTHOR_NAME=other GIT_AUTHOR_EMAIL=other@example.com',
        '  export GIT_COMMITTER_NAME=other GIT_COMMITTER_EMAIL=other@example.com',
        "  tip=$(git commit-tree -p refs/heads/main -m 'another writer' 'refs/heads/main^{tree}')",
        '  git update-ref refs/heads/main "$tip"',
        'fi',
        `while [ -e '${hold('after')}' ]; do sleep 0.1; done`,
      ].join('\n'),
    };
    for (const [hook, script] of Object.entries(hooks)) {
      const file = join(remote, 'hooks', hook);
      await writeFile(file, `#!/bin/sh\ncat >/dev/null\n${script}\n`);
      await chmod(file, 0o755);
    }
    testApp = await startTestApp(environment);
    alice = await createUser(testApp.app, 'alice', { subdomains: ['example.com'] });
  });

  afterEach(async () => {
    for (const file of [hold('before'), hold('after'), onTop()]) await rm(file, { force: true });
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

  it('answers 204 when another writer has pushed on top of the commit meanwhile', async () => {
    const [first, second] = [value(), value()];
    await writeFile(onTop(), '');
    await writeFile(hold('after'), '');
    await present('_acme-challenge.under.example.com', first).expect(204);
    expect(existsSync(hold('after'))).toBe(true);
    await rm(hold('after'));
    const subjects = await runGit(['log', '-2', '--format=%s', 'main'], { cwd: remote });
    expect(subjects.stdout).toBe('another writer\nAdd _acme-challenge.under.example.com record\n');

    await present('_acme-challenge.over.example.com', second).expect(204);
    const zone = await remoteZone(remote, 'example.com');
    expect(txtLines(zone, '_acme-challenge.under')).toEqual([first]);
    expect(txtLines(zone, '_acme-challenge.over')).toEqual([second]);
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
