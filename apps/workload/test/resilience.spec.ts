import { randomBytes } from 'node:crypto';
import { chmod, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runGit } from '../src/records/git-process';
import { WorkingClone } from '../src/records/working-clone';
import { txtValuesAt } from '../src/records/zone-file';
import { cli } from './support/cli';
import { ENGINES } from './support/databases';
import { waitFor } from './support/ports';
import { startService as startServiceProcess, type ServiceProcess } from './support/service';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './support/test-app';
import { createUser } from './support/users';
import { commitCount, remoteZone, txtLines } from './support/zone-repository';

const value = () => randomBytes(32).toString('base64url');

describe.each(ENGINES)('two service instances sharing one remote, on %s', (engine) => {
  let environment: TestEnvironment;
  let first: TestApp;
  let second: TestApp;
  let remote: string;

  beforeAll(async () => {
    environment = await createTestEnvironment(engine);
    remote = environment.remote;
    first = await startTestApp(environment);
    second = await startTestApp({
      ...environment,
      env: { ...environment.env, HLP_DATA_DIR: join(environment.dir, 'second-data') },
    });
  });

  afterAll(async () => {
    await first.close();
    await second.close();
    await environment.cleanup();
  });

  afterEach(() => jest.restoreAllMocks());

  it('builds on what the other instance pushed first, losing nothing: handed over on PostgreSQL, after a rejected push and a fetch otherwise', async () => {
    const alice = await createUser(first.app, 'alice', { subdomains: ['example.com'] });
    const pushes = jest.spyOn(WorkingClone.prototype, 'push');
    const [a, b] = [value(), value()];
    await first.http
      .post('/present')
      .set('Authorization', alice.basic)
      .send({ fqdn: '_acme-challenge.a.example.com', value: a })
      .expect(204);
    // The second instance has not fetched that commit. On PostgreSQL it is handed over with the
    // turn; otherwise the second's first push is refused, and retried on the fetched tip.
    await second.http
      .post('/present')
      .set('Authorization', alice.basic)
      .send({ fqdn: '_acme-challenge.b.example.com', value: b })
      .expect(204);
    const results = await Promise.all(
      pushes.mock.results.map((result) => result.value as Promise<string>),
    );
    expect(results).toEqual(
      engine === 'postgres' ? ['pushed', 'pushed'] : ['pushed', 'stale', 'pushed'],
    );
    const zone = await remoteZone(remote, 'example.com');
    expect(txtLines(zone, '_acme-challenge.a')).toEqual([a]);
    expect(txtLines(zone, '_acme-challenge.b')).toEqual([b]);
  });

  it('lands 40 concurrent presents split over both instances exactly once, then cleans them all up', async () => {
    const bob = await createUser(first.app, 'bob', { subdomains: ['example.com'] });
    const names = Array.from({ length: 40 }, (_, i) => `_acme-challenge.n${i}.example.com`);
    const values = names.map(() => value());
    const instance = (i: number) => (i % 2 === 0 ? first : second);
    const presented = await Promise.all(
      names.map((fqdn, i) =>
        instance(i)
          .http.post('/present')
          .set('Authorization', bob.basic)
          .send({ fqdn, value: values[i] }),
      ),
    );
    expect(presented.map((response) => response.status)).toEqual(names.map(() => 204));
    const zone = await remoteZone(remote, 'example.com');
    names.forEach((_, i) => expect(txtLines(zone, `_acme-challenge.n${i}`)).toEqual([values[i]]));

    const cleaned = await Promise.all(
      names.map((fqdn, i) =>
        instance(i + 1)
          .http.post('/cleanup')
          .set('Authorization', bob.basic)
          .send({ fqdn, value: values[i] }),
      ),
    );
    expect(cleaned.map((response) => response.status)).toEqual(names.map(() => 204));
    const after = await remoteZone(remote, 'example.com');
    for (const v of values) expect(after).not.toContain(v);
  });
});

describe('a service killed in the middle of a batch', () => {
  let environment: TestEnvironment;
  let remote: string;
  let service: ServiceProcess | undefined;

  const startService = async (): Promise<void> => {
    service = await startServiceProcess(environment.env, join(environment.dir, 'service.log'));
  };

  const present = (fqdn: string, v: string) =>
    (service as ServiceProcess).fetch('/present', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Basic ${Buffer.from('crash:crash-password-0123').toString('base64')}`,
      },
      body: JSON.stringify({ fqdn, value: v }),
    });

  /** git processes still working on the remote (a push outlives the service that started it). */
  const gitOnRemote = async (): Promise<boolean> => {
    for (const pid of await readdir('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      if (command.includes(remote)) return true;
    }
    return false;
  };

  beforeAll(async () => {
    environment = await createTestEnvironment('sqlite');
    remote = environment.remote;
    // A pre-receive hook that holds the push open while a flag file exists.
    const hook = join(remote, 'hooks', 'pre-receive');
    await writeFile(
      hook,
      `#!/bin/sh\ncat >/dev/null\nif [ -e '${environment.dir}/hold' ]; then touch '${environment.dir}/held'; sleep 2; fi\n`,
    );
    await chmod(hook, 0o755);
    expect((await cli(['migrate'], environment.env)).code).toBe(0);
    await cli(
      ['create-user', 'crash', '--password-stdin'],
      environment.env,
      'crash-password-0123\n',
    );
    await cli(['allow-domains', 'crash', '--subdomains', 'example.com'], environment.env);
  });

  afterAll(async () => {
    service?.process.kill('SIGKILL');
    await environment.cleanup();
  });

  it('leaves the remote with whole batches only, and a restart carries on from it', async () => {
    await startService();
    const names = Array.from({ length: 5 }, (_, i) => `_acme-challenge.k${i}.example.com`);
    const values = names.map(() => value());
    const commitsBefore = await commitCount(remote);

    await writeFile(join(environment.dir, 'hold'), '');
    const inFlight = names.map((fqdn, i) =>
      present(fqdn, values[i]).catch((error: unknown) => error),
    );
    await waitFor('a push to reach the remote', async () =>
      existsSync(join(environment.dir, 'held')),
    );
    (service as ServiceProcess).process.kill('SIGKILL');
    await Promise.all(inFlight);
    await rm(join(environment.dir, 'hold'));
    await waitFor('git to let go of the remote', async () => !(await gitOnRemote()));

    // The remote is intact, and every commit on it carries whole batches.
    await runGit(['fsck', '--strict', '--no-progress'], { cwd: remote });
    const landed = txtValuesAt(
      await remoteZone(remote, 'example.com'),
      'example.com',
      '_acme-challenge.k0.example.com',
    );
    expect(landed.length).toBeLessThanOrEqual(1);
    expect((await commitCount(remote)) - commitsBefore).toBeLessThanOrEqual(1);

    // A restart resets the working clone to the remote; every change can be made again, once.
    await startService();
    const clone = join(environment.env.HLP_DATA_DIR, 'repository');
    expect((await runGit(['status', '--porcelain'], { cwd: clone })).stdout).toBe('');
    for (const [i, fqdn] of names.entries())
      expect((await present(fqdn, values[i])).status).toBe(204);
    const zone = await remoteZone(remote, 'example.com');
    names.forEach((_, i) => expect(txtLines(zone, `_acme-challenge.k${i}`)).toEqual([values[i]]));
    await (service as ServiceProcess).stop();
    service = undefined;
  });
});
