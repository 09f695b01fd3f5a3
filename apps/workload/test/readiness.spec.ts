import { join } from 'node:path';
import { seedRepository } from '../src/records/seed-repository';
import { cli } from './support/cli';
import { ENGINES } from './support/databases';
import { waitFor } from './support/ports';
import { startService, type ServiceProcess } from './support/service';
import { createTestEnvironment, type TestEnvironment } from './support/test-app';

describe.each(ENGINES)('readiness, unauthenticated, on %s', (engine) => {
  let environment: TestEnvironment;
  let service: ServiceProcess;
  let repository: string;

  beforeAll(async () => {
    environment = await createTestEnvironment(engine);
    repository = join(environment.dir, 'not-yet', 'zones.git');
    environment.env.HLP_GIT_REPO = repository;
    expect((await cli(['migrate'], environment.env)).code).toBe(0);
    service = await startService(environment.env, join(environment.dir, 'service.log'), 'live');
  });

  afterAll(async () => {
    await service.stop();
    await environment.cleanup();
  });

  it('names the failing check, and leaves where the repository is and what git said to the log', async () => {
    const response = await service.fetch('/health/ready');
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      status: 'unavailable',
      ready: false,
      checks: { database: 'ok', repository: 'unreachable' },
    });
    expect(text).not.toContain(environment.dir);

    const line = await service.logged(
      'the failing check',
      (logged) => logged.msg === 'readiness check fails' && logged.check === 'repository',
    );
    const err = line.err as { message: string; stderr: string };
    expect(err.stderr).toContain(`fatal: repository '${repository}' does not exist`);
    expect(err.message).toContain('git clone failed');
  });

  it('is ready once the repository is there, and logs that too', async () => {
    await seedRepository(repository, ['example.com']);
    await waitFor('readiness', async () => (await service.fetch('/health/ready')).ok);
    await service.logged(
      'the check passing',
      (logged) => logged.msg === 'readiness check passes' && logged.check === 'repository',
    );
  });
});
