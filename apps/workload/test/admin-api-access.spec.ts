import { AccountsService } from '../src/accounts/accounts.service';
import { AdministrationService } from '../src/administration/administration.service';
import { ENGINES } from './support/databases';
import { ADMIN_API_ENVIRONMENT, adminApiAs, createAdmin } from './support/admin';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './support/test-app';
import { createUser, type TestUser } from './support/users';

describe.each(ENGINES)('who may use the admin REST API on %s', (engine) => {
  let environment: TestEnvironment;
  let testApp: TestApp;
  let admin: TestUser;
  let client: TestUser;
  const as = (user: TestUser) => adminApiAs(testApp, user);

  beforeAll(async () => {
    environment = await createTestEnvironment(engine, ADMIN_API_ENVIRONMENT);
    testApp = await startTestApp(environment);
    admin = await createAdmin(testApp.app, 'api-admin');
    client = await createUser(testApp.app, 'api-client');
  });

  afterAll(async () => {
    await testApp.close();
    await environment.cleanup();
  });

  describe('access', () => {
    it.each(['/api/v1/users/', '/api/v1/domains/', '/api/v1/domain-user-permissions/'])(
      '%s: 401 without credentials, 403 for a non-admin, 200 for an admin',
      async (path) => {
        const anonymous = await testApp.http.get(path).expect(401);
        expect(anonymous.headers['www-authenticate']).toMatch(/^Basic /);
        expect(anonymous.body.error).toBe('unauthorized');
        const forbidden = await as(client).get(path).expect(403);
        expect(forbidden.body).toEqual({
          error: 'forbidden',
          message: 'You do not have permission to perform this action.',
        });
        await testApp.http
          .get(path)
          .set(
            'Authorization',
            `Basic ${Buffer.from('api-admin:wrong-password!').toString('base64')}`,
          )
          .expect(401);
        await as(admin).get(path).expect(200);
      },
    );

    it('takes paths with and without the trailing slash, and answers 405 for other methods', async () => {
      await as(admin).get('/api/v1/domains').expect(200);
      const response = await as(admin).post('/api/v1/domains/1/').expect(405);
      expect(response.headers.allow).toBe('GET, PUT, PATCH, DELETE');
      expect((await as(admin).delete('/api/v1/users/').expect(405)).headers.allow).toBe(
        'GET, POST',
      );
    });
  });

  it('refuses to delete the caller’s own account, with 400, and keeps it', async () => {
    const self = await testApp.app.get(AccountsService).findByUsername(admin.username);
    const refused = await as(admin).delete(`/api/v1/users/${self?.id}/`).expect(400);
    expect(refused.body).toEqual({
      error: 'invalid_input',
      message: 'You cannot delete your own account: ask another administrator.',
    });
    expect(await testApp.app.get(AccountsService).findByUsername(admin.username)).toMatchObject({
      isActive: true,
      isAdmin: true,
    });
    await as(admin).get('/api/v1/users/').expect(200);
  });

  it('lets no administrator deactivate or demote themselves, through any adapter', async () => {
    const administration = testApp.app.get(AdministrationService);
    const self = await administration.requireUser(admin.username);
    await expect(administration.setActive(admin.username, false, self)).rejects.toThrow(
      'You cannot deactivate your own account: ask another administrator.',
    );
    await expect(administration.setAdmin(admin.username, false, self)).rejects.toThrow(
      'You cannot remove administration rights from your own account: ask another administrator.',
    );
    expect(await administration.requireUser(admin.username)).toMatchObject({
      isActive: true,
      isAdmin: true,
    });
    // Someone else's account they may.
    await administration.setActive(client.username, false, self);
    expect((await administration.requireUser(client.username)).isActive).toBe(false);
    await administration.setActive(client.username, true, self);
  });
});
