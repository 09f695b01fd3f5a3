import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AccountsService } from '../src/accounts/accounts.service';
import { TokenCodec } from '../src/identity/token-codec';
import { ENGINES } from './support/databases';
import { createAdmin } from './support/admin';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './support/test-app';
import { createUser, type TestUser } from './support/users';
import { remoteZone, txtLines } from './support/zone-repository';

interface Pair {
  readonly access: string;
  readonly refresh: string;
}

describe.each(ENGINES)('API tokens on %s', (engine) => {
  let environment: TestEnvironment;
  let testApp: TestApp;
  let admin: TestUser;
  let client: TestUser;

  const obtain = async (user: TestUser): Promise<Pair> =>
    (
      await testApp.http
        .post('/api/v1/auth/token/')
        .send({ username: user.username, password: user.password })
        .expect(200)
    ).body as Pair;
  const bearer = (token: string) => `Bearer ${token}`;
  const refresh = (token: string) =>
    testApp.http.post('/api/v1/auth/token/refresh/').send({ refresh: token });

  beforeAll(async () => {
    environment = await createTestEnvironment(engine);
    testApp = await startTestApp(environment);
    admin = await createAdmin(testApp.app, 'token-admin');
    client = await createUser(testApp.app, 'token-client', { subdomains: ['example.com'] });
  });

  afterAll(async () => {
    await testApp.close();
    await environment.cleanup();
  });

  it('answers a pair for a username and password, as simplejwt does', async () => {
    const pair = await obtain(client);
    expect(Object.keys(pair)).toEqual(['refresh', 'access']);
    const codec = new TokenCodec(testApp.config.secretKey);
    const claims = codec.verify(pair.access, 'access');
    expect(claims).toMatchObject({ token_type: 'access' });
    expect((claims?.exp ?? 0) - (claims?.iat ?? 0)).toBe(300);
    expect(codec.verify(pair.refresh, 'refresh')).toMatchObject({ token_type: 'refresh' });
    // HS256 under the configured key.
    expect(JSON.parse(Buffer.from(pair.access.split('.')[0], 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });

    const form = await testApp.http
      .post('/api/v1/auth/token/')
      .type('form')
      .send({ username: client.username, password: client.password })
      .expect(200);
    expect(form.body.access).toEqual(expect.any(String));
  });

  it('refuses wrong credentials with 401 and missing ones with 400', async () => {
    const wrong = await testApp.http
      .post('/api/v1/auth/token/')
      .send({ username: client.username, password: 'not-the-password' })
      .expect(401);
    expect(wrong.body).toEqual({
      error: 'unauthorized',
      message: 'No active account found with the given credentials',
    });
    const missing = await testApp.http.post('/api/v1/auth/token/').send({}).expect(400);
    expect(missing.body.fields).toEqual({
      username: 'This field is required.',
      password: 'This field is required.',
    });
    await testApp.http.post('/api/v1/auth/token/refresh/').send({}).expect(400);
  });

  it('is accepted as Authorization: Bearer by /present, /cleanup and the admin API', async () => {
    const { access } = await obtain(client);
    const value = randomBytes(32).toString('base64url');
    await testApp.http
      .post('/present')
      .set('Authorization', bearer(access))
      .send({ fqdn: '_acme-challenge.bearer.example.com', value })
      .expect(204);
    expect(
      txtLines(await remoteZone(environment.remote, 'example.com'), '_acme-challenge.bearer'),
    ).toEqual([value]);
    await testApp.http
      .post('/cleanup')
      .set('Authorization', bearer(access))
      .send({ fqdn: '_acme-challenge.bearer.example.com', value })
      .expect(204);
    expect(
      txtLines(await remoteZone(environment.remote, 'example.com'), '_acme-challenge.bearer'),
    ).toEqual([]);

    // Authorization still applies: the grant decides, not the kind of credentials.
    await testApp.http
      .post('/present')
      .set('Authorization', bearer(access))
      .send({ fqdn: '_acme-challenge.example.org', value })
      .expect(403);
    await testApp.http.get('/api/v1/users/').set('Authorization', bearer(access)).expect(403);
    const adminPair = await obtain(admin);
    await testApp.http
      .get('/api/v1/users/')
      .set('Authorization', bearer(adminPair.access))
      .expect(200);
  });

  it('refuses malformed, forged, expired and refresh tokens as access tokens', async () => {
    const pair = await obtain(client);
    const userId =
      (await testApp.app.get(AccountsService).findByUsername(client.username))?.id ?? 0;
    const forged = new TokenCodec('another-secret-key-that-is-long-enough-0123').sign(
      'access',
      userId,
      300,
    );
    const past = Date.now() - 3600_000;
    const expired = new TokenCodec(testApp.config.secretKey, () => past).sign(
      'access',
      userId,
      300,
    );
    const [header, payload] = pair.access.split('.');
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    for (const token of [
      pair.refresh,
      forged.token,
      expired.token,
      unsigned,
      `${header}.${payload}.xyz`,
      'garbage',
    ]) {
      const response = await testApp.http
        .post('/present')
        .set('Authorization', bearer(token))
        .send({ fqdn: '_acme-challenge.x.example.com', value: 'abc' })
        .expect(401);
      expect(response.headers['www-authenticate']).toMatch(/^Basic /);
    }
    await refresh(pair.access).expect(401);
  });

  it('rotates refresh tokens: each works once, and a reused one revokes its descendants', async () => {
    const first = await obtain(client);
    const second = (await refresh(first.refresh).expect(200)).body as Pair;
    expect(second.refresh).not.toBe(first.refresh);
    await testApp.http
      .get('/api/v1/users/')
      .set('Authorization', bearer(second.access))
      .expect(403);

    const reused = await refresh(first.refresh).expect(401);
    expect(reused.body.error).toBe('unauthorized');
    // The replay means a copy leaked: the newer token of the same sign-in is revoked too.
    await refresh(second.refresh).expect(401);
    // Other sign-ins are not affected.
    const other = await obtain(client);
    await refresh(other.refresh).expect(200);
  });

  it('stops working for a deactivated or deleted user', async () => {
    const leaver = await createUser(testApp.app, 'token-leaver', { subdomains: ['example.com'] });
    const accounts = testApp.app.get(AccountsService);
    const pair = await obtain(leaver);
    const request = () =>
      testApp.http
        .post('/cleanup')
        .set('Authorization', bearer(pair.access))
        .send({ fqdn: '_acme-challenge.leaver.example.com', value: 'abc' });
    await request().expect(204);
    await accounts.setActive('token-leaver', false);
    await request().expect(401);
    await refresh(pair.refresh).expect(401);
    await accounts.setActive('token-leaver', true);
    const again = await obtain(leaver);
    await accounts.deleteUser('token-leaver');
    await testApp.http
      .post('/cleanup')
      .set('Authorization', bearer(again.access))
      .send({ fqdn: '_acme-challenge.leaver.example.com', value: 'abc' })
      .expect(401);
    await refresh(again.refresh).expect(401);
  });

  it('stops working everywhere when the secret key changes', async () => {
    const pair = await obtain(admin);
    const rotated = await startTestApp(
      {
        ...environment,
        env: {
          ...environment.env,
          HLP_DATA_DIR: join(environment.dir, 'data-rotated'),
          HLP_SECRET_KEY: 'a-brand-new-secret-key-for-this-service-0123456789',
        },
      },
      { migrate: false },
    );
    try {
      await rotated.http
        .get('/api/v1/users/')
        .set('Authorization', bearer(pair.access))
        .expect(401);
      await rotated.http
        .post('/api/v1/auth/token/refresh/')
        .send({ refresh: pair.refresh })
        .expect(401);
      // Passwords still work, and the old key's tokens still work where it is still configured.
      await rotated.http.get('/api/v1/users/').set('Authorization', admin.basic).expect(200);
      await testApp.http
        .get('/api/v1/users/')
        .set('Authorization', bearer(pair.access))
        .expect(200);
    } finally {
      await rotated.close();
    }
  });
});
