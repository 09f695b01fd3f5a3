import { SQLITE_MIGRATIONS } from '../src/database/migrations/sqlite';
import { ENGINES } from './support/databases';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './support/test-app';

describe.each(ENGINES)('HTTP basics on %s', (engine) => {
  let environment: TestEnvironment;
  let testApp: TestApp;

  beforeAll(async () => {
    environment = await createTestEnvironment(engine, {
      env: { HLP_ALLOWED_HOSTS: 'lego.example.com,127.0.0.1' },
    });
    testApp = await startTestApp(environment);
  });

  afterAll(async () => {
    await testApp.close();
    await environment.cleanup();
  });

  it('answers the liveness probe', async () => {
    const response = await testApp.http.get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('is ready when the database is reachable and migrated', async () => {
    const response = await testApp.http.get('/health/ready').expect(200);
    expect(response.body).toEqual({
      status: 'ok',
      ready: true,
      checks: { database: 'ok', repository: 'ok' },
    });
  });

  it('answers probes whatever the Host header says', async () => {
    await testApp.http.get('/health/live').set('Host', '10.1.2.3:8000').expect(200);
  });

  it('refuses hosts that are not allowed, in JSON', async () => {
    const response = await testApp.http
      .get('/anything')
      .set('Host', 'evil.example.net')
      .expect(400);
    expect(response.body).toEqual({
      error: 'disallowed_host',
      message: 'the host "evil.example.net" is not served here',
    });
  });

  it('answers unknown routes with a JSON 404 and a request id', async () => {
    const response = await testApp.http.get('/nope').set('Host', 'lego.example.com').expect(404);
    expect(response.body).toEqual({ error: 'not_found', message: 'Cannot GET /nope' });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('returns a well-formed X-Request-Id it was given', async () => {
    const response = await testApp.http
      .get('/nope')
      .set('Host', 'lego.example.com')
      .set('X-Request-Id', 'abc-123');
    expect(response.headers['x-request-id']).toBe('abc-123');
  });
});

describe('readiness without migrations', () => {
  it('reports the missing migrations and answers 503', async () => {
    const environment = await createTestEnvironment('sqlite');
    const testApp = await startTestApp(environment, { migrate: false });
    try {
      const response = await testApp.http.get('/health/ready').expect(503);
      expect(response.body).toEqual({
        status: 'unavailable',
        ready: false,
        checks: {
          database: `${SQLITE_MIGRATIONS.length} migration(s) not applied: run \`lego-provider migrate\``,
          repository: 'ok',
        },
      });
    } finally {
      await testApp.close();
      await environment.cleanup();
    }
  });
});
