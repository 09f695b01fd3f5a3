import { AccountsService } from '../src/accounts/accounts.service';
import { ENGINES } from './support/databases';
import { ADMIN_API_ENVIRONMENT, adminApiAs, createAdmin } from './support/admin';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './support/test-app';
import { authenticates, createUser, type TestUser } from './support/users';

describe.each(ENGINES)('the admin REST API on %s', (engine) => {
  let environment: TestEnvironment;
  let testApp: TestApp;
  let admin: TestUser;

  const as = (user: TestUser) => adminApiAs(testApp, user);

  beforeAll(async () => {
    // Listed hosts: links are absolute, as the Python service's (test/links.spec.ts has the rest).
    environment = await createTestEnvironment(engine, ADMIN_API_ENVIRONMENT);
    testApp = await startTestApp(environment);
    admin = await createAdmin(testApp.app, 'api-admin');
    await createUser(testApp.app, 'api-client', { subdomains: ['example.com'] });
  });

  afterAll(async () => {
    await testApp.close();
    await environment.cleanup();
  });

  describe('users/', () => {
    it('creates, lists newest first, filters, shows, updates and deletes users', async () => {
      const created = await as(admin)
        .post('/api/v1/users/', {
          username: 'script-made',
          email: 'ops@example.com',
          password: 'a-long-enough-password',
          groups: [],
        })
        .expect(201);
      expect(created.body).toEqual({
        url: expect.stringMatching(/^http:\/\/lego\.example\.com\/api\/v1\/users\/\d+\/$/),
        username: 'script-made',
        email: 'ops@example.com',
        groups: [],
        allowed_networks: [],
      });
      const url = new URL(created.body.url as string).pathname;

      const listed = await as(admin).get('/api/v1/users/').expect(200);
      expect(listed.body.map((user: { username: string }) => user.username)).toEqual([
        'script-made',
        'api-client',
        'api-admin',
      ]);
      const filtered = await as(admin).get('/api/v1/users/?username=script-made').expect(200);
      expect(filtered.body).toEqual([created.body]);
      expect((await as(admin).get('/api/v1/users/?username=nobody').expect(200)).body).toEqual([]);
      expect((await as(admin).get(url).expect(200)).body).toEqual(created.body);
      // X-Forwarded-Proto from a client that is not a trusted proxy changes nothing.
      const spoofed = await as(admin).get(url).set('X-Forwarded-Proto', 'https').expect(200);
      expect(spoofed.body.url).toBe(`http://lego.example.com${url}`);

      // The password is stored hashed and works.
      const accounts = testApp.app.get(AccountsService);
      expect((await accounts.findByUsername('script-made'))?.passwordHash).toMatch(/^scrypt\$/);
      expect(await authenticates(testApp.app, 'script-made', 'a-long-enough-password')).toBe(true);

      const patched = await as(admin).patch(url, { email: 'new@example.com' }).expect(200);
      expect(patched.body).toMatchObject({ username: 'script-made', email: 'new@example.com' });
      const put = await as(admin).put(url, { username: 'script-renamed' }).expect(200);
      expect(put.body).toMatchObject({ username: 'script-renamed', email: '' });

      await as(admin).delete(url).expect(204);
      await as(admin).get(url).expect(404);
      await as(admin).delete(url).expect(404);
    });

    it('takes form bodies too, as the Python service did', async () => {
      const created = await testApp.http
        .post('/api/v1/users/')
        .set('Authorization', admin.basic)
        .type('form')
        .send({ username: 'form-made', password: 'form-password-123' })
        .expect(201);
      expect(created.body.username).toBe('form-made');
      await as(admin)
        .delete(new URL(created.body.url as string).pathname)
        .expect(204);
    });

    it('answers 400 naming every offending field, and never stores a bad user', async () => {
      const response = await as(admin)
        .post('/api/v1/users/', { username: 'bad name!', email: 'not-an-email', groups: [3] })
        .expect(400);
      expect(response.body.error).toBe('invalid_input');
      expect(Object.keys(response.body.fields as object).sort()).toEqual([
        'email',
        'groups',
        'password',
        'username',
      ]);
      expect(response.body.fields.password).toBe('This field is required.');
      expect(response.body.fields.groups).toBe('Invalid pk "3" - object does not exist.');

      const short = await as(admin)
        .post('/api/v1/users/', { username: 'shorty', password: 'short' })
        .expect(400);
      expect(short.body.fields).toEqual({ password: 'at least 12 characters' });

      const taken = await as(admin)
        .post('/api/v1/users/', { username: 'api-client', password: 'another-password-1' })
        .expect(400);
      expect(taken.body.fields).toEqual({ username: 'A user with that username already exists.' });

      for (const body of [[1, 2], 'text', 42]) {
        const odd = await as(admin)
          .post('/api/v1/users/', body as object)
          .set('Content-Type', 'application/json')
          .expect(400);
        expect(odd.body.error).toBe('invalid_input');
      }
      expect((await as(admin).get('/api/v1/users/?username=shorty').expect(200)).body).toEqual([]);
    });

    it('refuses a username that differs from another only in case, creating or renaming', async () => {
      const message =
        'A user with that username already exists: "api-client" (usernames must differ by more than case).';
      const created = await as(admin)
        .post('/api/v1/users/', { username: 'API-Client', password: 'another-password-1' })
        .expect(400);
      expect(created.body).toEqual({
        error: 'invalid_input',
        message,
        fields: { username: message },
      });
      const other = await as(admin)
        .post('/api/v1/users/', { username: 'case-renamer', password: 'renamer-password-1' })
        .expect(201);
      const url = new URL(other.body.url as string).pathname;
      const renamed = await as(admin).patch(url, { username: 'Api-Client' }).expect(400);
      expect(renamed.body.fields).toEqual({ username: message });
      // A user may change the case of its own name.
      expect(
        (await as(admin).put(url, { username: 'Case-Renamer' }).expect(200)).body.username,
      ).toBe('Case-Renamer');
      await as(admin).delete(url).expect(204);
    });

    it('never grants privileges through mass assignment', async () => {
      const created = await as(admin)
        .post('/api/v1/users/', {
          username: 'wannabe',
          password: 'wannabe-password-1',
          is_staff: true,
          is_superuser: true,
          is_admin: true,
          isAdmin: true,
        })
        .expect(201);
      const url = new URL(created.body.url as string).pathname;
      await as(admin).patch(url, {
        is_staff: true,
        is_admin: true,
        isAdmin: true,
        is_active: false,
      });
      const stored = await testApp.app.get(AccountsService).findByUsername('wannabe');
      expect(stored).toMatchObject({ isAdmin: false, isActive: true });
      const wannabe = `Basic ${Buffer.from('wannabe:wannabe-password-1').toString('base64')}`;
      await testApp.http.get('/api/v1/users/').set('Authorization', wannabe).expect(403);
      await as(admin).delete(url).expect(204);
    });

    it('sets and lifts the networks a user may connect from', async () => {
      const created = await as(admin)
        .post('/api/v1/users/', {
          username: 'fenced',
          password: 'a-long-enough-password',
          allowed_networks: ['10.0.0.0/8', '2001:DB8::/32'],
        })
        .expect(201);
      expect(created.body.allowed_networks).toEqual(['10.0.0.0/8', '2001:db8::/32']);
      const path = new URL(created.body.url as string).pathname;
      const bad = await as(admin)
        .patch(path, { allowed_networks: ['10.0.0.0/33'] })
        .expect(400);
      expect(bad.body.fields).toEqual({
        allowed_networks:
          '"10.0.0.0/33" is not a network: use CIDR notation such as 10.0.0.0/8 or 2001:db8::/32',
      });
      await as(admin).patch(path, { allowed_networks: [] }).expect(200);
      expect((await as(admin).get(path).expect(200)).body.allowed_networks).toEqual([]);
      await as(admin).delete(path).expect(204);
    });

    it('answers 404 for unknown and malformed ids', async () => {
      for (const id of ['999999', 'abc', '0', '-1', '1.5', '99999999999']) {
        const response = await as(admin).get(`/api/v1/users/${id}/`).expect(404);
        expect(response.body.error).toBe('not_found');
      }
      await as(admin).patch('/api/v1/users/999999/', { email: 'x@example.com' }).expect(404);
    });
  });

  describe('domains/', () => {
    it('creates with the service’s name rules, filters, renames and deletes', async () => {
      const created = await as(admin)
        .post('/api/v1/domains/', { fqdn: 'API.Example.ORG.' })
        .expect(201);
      expect(created.body).toEqual({ id: expect.any(Number), fqdn: 'api.example.org' });
      const path = `/api/v1/domains/${created.body.id}/`;

      const duplicate = await as(admin)
        .post('/api/v1/domains/', { fqdn: 'api.example.org' })
        .expect(400);
      expect(duplicate.body.fields).toEqual({ fqdn: 'domain with this fqdn already exists.' });
      for (const fqdn of [
        'com',
        'exa mple.com',
        '_acme-challenge.example.com',
        'ex\u0430mple.com',
        '',
      ]) {
        const invalid = await as(admin).post('/api/v1/domains/', { fqdn }).expect(400);
        expect(Object.keys(invalid.body.fields as object)).toEqual(['fqdn']);
      }
      await as(admin).post('/api/v1/domains/', {}).expect(400);

      expect(
        (await as(admin).get('/api/v1/domains/?fqdn=api.example.org').expect(200)).body,
      ).toEqual([created.body]);
      expect(
        (await as(admin).get('/api/v1/domains/?fqdn=API.example.org.').expect(200)).body,
      ).toEqual([created.body]);
      expect((await as(admin).get('/api/v1/domains/?fqdn=example.org').expect(200)).body).toEqual(
        [],
      );
      expect((await as(admin).get(path).expect(200)).body).toEqual(created.body);

      const renamed = await as(admin).patch(path, { fqdn: 'api2.example.org' }).expect(200);
      expect(renamed.body).toEqual({ id: created.body.id, fqdn: 'api2.example.org' });
      await as(admin).put(path, {}).expect(400);
      await as(admin).delete(path).expect(204);
      await as(admin).get(path).expect(404);
    });
  });

  describe('domain-user-permissions/', () => {
    it('grants, refuses duplicates with 400, filters, updates and revokes', async () => {
      const domain = (
        await as(admin).post('/api/v1/domains/', { fqdn: 'grants.example.net' }).expect(201)
      ).body as { id: number };
      const [clientRow] = (await as(admin).get('/api/v1/users/?username=api-client').expect(200))
        .body as { url: string }[];
      const userId = Number(/\/(\d+)\/$/.exec(clientRow.url)?.[1]);

      const created = await as(admin)
        .post('/api/v1/domain-user-permissions/', {
          user: userId,
          domain: domain.id,
          access_level: 'subdomain',
          text: 'ticket 42',
        })
        .expect(201);
      expect(created.body).toEqual({
        id: expect.any(Number),
        text: 'ticket 42',
        access_level: 'subdomain',
        domain: domain.id,
        user: userId,
      });
      const path = `/api/v1/domain-user-permissions/${created.body.id}/`;

      const duplicate = await as(admin)
        .post('/api/v1/domain-user-permissions/', {
          user: userId,
          domain: domain.id,
          access_level: 'subdomain',
        })
        .expect(400);
      expect(duplicate.body.fields).toEqual({
        non_field_errors: 'The fields user, domain, access_level must make a unique set.',
      });
      // Many at once: one wins, the rest are 400s, never 500s.
      const racing = await Promise.all(
        Array.from({ length: 6 }, () =>
          as(admin).post('/api/v1/domain-user-permissions/', {
            user: userId,
            domain: domain.id,
            access_level: 'domain',
          }),
        ),
      );
      expect(racing.map((response) => response.status).sort()).toEqual([
        201, 400, 400, 400, 400, 400,
      ]);

      // The grant works: the client may manage names below the domain.
      const grants = await testApp.app
        .get(AccountsService)
        .findByUsername('api-client')
        .then(() =>
          as(admin).get(
            `/api/v1/domain-user-permissions/?username=api-client&fqdn=grants.example.net`,
          ),
        );
      expect(
        grants.body.map((grant: { access_level: string }) => grant.access_level).sort(),
      ).toEqual(['domain', 'subdomain']);
      expect(
        (
          await as(admin)
            .get('/api/v1/domain-user-permissions/?fqdn=GRANTS.example.net.')
            .expect(200)
        ).body,
      ).toHaveLength(2);
      expect(
        (await as(admin).get('/api/v1/domain-user-permissions/?username=api-admin').expect(200))
          .body,
      ).toEqual([]);

      const invalid = await as(admin)
        .post('/api/v1/domain-user-permissions/', {
          user: 999999,
          domain: 'x',
          access_level: 'everything',
        })
        .expect(400);
      expect(invalid.body.fields).toEqual({
        domain: 'Incorrect type. Expected pk value, received string.',
        access_level: '"everything" is not a valid choice.',
      });
      const unknown = await as(admin)
        .post('/api/v1/domain-user-permissions/', {
          user: 999999,
          domain: domain.id,
          access_level: 'domain',
        })
        .expect(400);
      expect(unknown.body.fields).toEqual({ user: 'Invalid pk "999999" - object does not exist.' });
      const missing = await as(admin).post('/api/v1/domain-user-permissions/', {}).expect(400);
      expect(Object.keys(missing.body.fields as object).sort()).toEqual([
        'access_level',
        'domain',
        'user',
      ]);

      // Changing the level to one already held is a duplicate too.
      await as(admin).patch(path, { access_level: 'domain' }).expect(400);
      const patched = await as(admin).patch(path, { text: null }).expect(200);
      expect(patched.body).toMatchObject({ access_level: 'subdomain', text: null });
      await as(admin)
        .put(path, { user: userId, domain: domain.id, access_level: 'subdomain', text: 'again' })
        .expect(200);

      await as(admin).delete(path).expect(204);
      await as(admin).get(path).expect(404);
      // Deleting the domain takes its remaining grants with it.
      await as(admin).delete(`/api/v1/domains/${domain.id}/`).expect(204);
      expect(
        (
          await as(admin)
            .get('/api/v1/domain-user-permissions/?fqdn=grants.example.net')
            .expect(200)
        ).body,
      ).toEqual([]);
    });
  });
});
