import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINES } from './support/databases';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './support/test-app';
import { createUser, type TestUser } from './support/users';
import { commitCount, pushZone, remoteZone } from './support/zone-repository';

/** The zone files the parser's golden cases refuse. */
const NOT_OK = join(__dirname, '..', 'src', 'records', 'fixtures', 'zones', 'not-ok');
/** The value those zone files (nearly) publish at _acme-challenge. */
const VALUE = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';

describe.each(ENGINES)('a zone file that cannot be edited safely, on %s', (engine) => {
  let environment: TestEnvironment;
  let testApp: TestApp;
  let alice: TestUser;

  beforeAll(async () => {
    environment = await createTestEnvironment(engine);
    testApp = await startTestApp(environment);
    alice = await createUser(testApp.app, 'alice', { domains: ['example.com'] });
  });

  afterAll(async () => {
    await testApp.close();
    await environment.cleanup();
  });

  it.each([
    ['unterminated-quote', 'an unterminated quoted string on line 6'],
    ['unterminated-quote-escaped-close', 'an unterminated quoted string on line 6'],
    ['unclosed-parenthesis', 'an unclosed parenthesis (opened on line 6)'],
  ])(
    '%s: present and cleanup answer 502 zone_file_invalid and leave the file as it was',
    async (fixture, reason) => {
      const text = readFileSync(join(NOT_OK, fixture, 'before.domain'), 'utf8');
      await pushZone(environment.remote, 'example.com', text);
      const commits = await commitCount(environment.remote);
      for (const route of ['/present', '/cleanup']) {
        const response = await testApp.http
          .post(route)
          .set('Authorization', alice.basic)
          .send({ fqdn: '_acme-challenge.example.com', value: VALUE })
          .expect(502);
        expect(response.body).toEqual({
          error: 'zone_file_invalid',
          message: `example.com.domain cannot be edited safely: the zone file has ${reason}`,
        });
      }
      expect(await remoteZone(environment.remote, 'example.com')).toBe(text);
      expect(await commitCount(environment.remote)).toBe(commits);
    },
  );
});
