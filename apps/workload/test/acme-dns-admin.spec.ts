import { randomBytes } from 'node:crypto';
import { AccountsService } from '../src/accounts/accounts.service';
import { DomainsService } from '../src/domains/domains.service';
import { ADMIN_API_ENVIRONMENT, adminApiAs, createAdmin } from './support/admin';
import { Browser, csrfOf } from './support/browser';
import { ENGINES } from './support/databases';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './support/test-app';
import { createUser, type TestUser } from './support/users';
import { remoteZone, txtLines } from './support/zone-repository';

// Administrators register acme-dns accounts through the REST API and the admin pages (the CLI's
// way is in acme-dns.spec.ts), whatever HLP_ACMEDNS_REGISTRATION says: it stays closed here.

const ZONE = 'acme.example.com';
const ACCOUNTS = '/api/v1/acme-dns/accounts/';
const OFF = 'the acme-dns API is off: set HLP_ACMEDNS_ZONE';
const txt = () => randomBytes(32).toString('base64url');

interface Stored {
  readonly username: string;
  readonly password: string;
  readonly fulldomain: string;
  readonly subdomain: string;
  readonly allowfrom: string[];
  readonly server_url?: string;
}

/** The storage file the registration page shows once. */
function shownStorage(page: string): Record<string, Stored> {
  const match = /<code id="acme-dns-storage">([^<]*)<\/code>/.exec(page);
  if (!match) throw new Error('no storage file on the page');
  return JSON.parse(match[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as Record<
    string,
    Stored
  >;
}

describe.each(ENGINES)('acme-dns accounts for administrators on %s', (engine) => {
  let environment: TestEnvironment;
  let testApp: TestApp;
  let admin: TestUser;
  let client: TestUser;
  let browser: Browser;
  const as = (user: TestUser) => adminApiAs(testApp, user);

  const update = (account: Stored, value: string) =>
    testApp.http
      .post('/acme-dns/update')
      .set('X-Api-User', account.username)
      .set('X-Api-Key', account.password)
      .send({ subdomain: account.subdomain, txt: value });
  const published = async (account: Stored) =>
    txtLines(await remoteZone(environment.remote, ZONE), account.subdomain);

  beforeAll(async () => {
    environment = await createTestEnvironment(engine, {
      zones: ['example.com', ZONE],
      env: { ...ADMIN_API_ENVIRONMENT.env, HLP_ACMEDNS_ZONE: ZONE },
    });
    testApp = await startTestApp(environment);
    admin = await createAdmin(testApp.app, 'dns-admin');
    client = await createUser(testApp.app, 'dns-client');
    browser = new Browser(() => testApp);
    expect((await browser.signIn(admin)).status).toBe(303);
  });

  afterAll(async () => {
    await testApp.close();
    await environment.cleanup();
  });

  describe('the REST API', () => {
    it('registers an account with registration closed: 201 with the storage file for the domain, and the account can update', async () => {
      await testApp.http.post('/acme-dns/register').expect(404);
      const answer = await as(admin)
        .post(ACCOUNTS, { allowfrom: ['127.0.0.0/8', '[2001:DB8::]/32'], domain: 'Example.com.' })
        .expect(201)
        .expect('Content-Type', /application\/json/);
      expect(Object.keys(answer.body)).toEqual(['example.com']);
      const account = (answer.body as Record<string, Stored>)['example.com'];
      expect(Object.keys(account)).toEqual([
        'username',
        'password',
        'fulldomain',
        'subdomain',
        'allowfrom',
        'server_url',
      ]);
      expect(account).toMatchObject({
        fulldomain: `${account.subdomain}.${ZONE}`,
        allowfrom: ['127.0.0.0/8', '2001:db8::/32'],
        // Links start with the listed host the client addressed.
        server_url: 'http://lego.example.com/acme-dns',
      });
      const value = txt();
      await update(account, value).expect(200, { txt: value });
      expect(await published(account)).toEqual([value]);
    });

    it('answers the account itself without a domain, and takes a form', async () => {
      const plain = await as(admin).post(ACCOUNTS).expect(201);
      expect(Object.keys(plain.body)).toEqual([
        'username',
        'password',
        'fulldomain',
        'subdomain',
        'allowfrom',
        'server_url',
      ]);
      expect(plain.body.allowfrom).toEqual([]);
      const form = await as(admin)
        .post(ACCOUNTS)
        .type('form')
        .send({ allowfrom: '10.0.0.0/8, 192.168.0.0/16', domain: '' })
        .expect(201);
      expect(form.body.allowfrom).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
      // Outside its networks, the account may not update.
      await update(form.body as Stored, txt()).expect(401, { error: 'forbidden' });
    });

    it('lists accounts without their keys, and deletes one with its grant and name', async () => {
      const created = (await as(admin).post(ACCOUNTS).expect(201)).body as Stored;
      const listed = (await as(admin).get(ACCOUNTS).expect(200)).body as Record<string, unknown>[];
      const entry = listed.find((item) => item.username === created.username);
      expect(entry).toEqual({
        id: expect.any(Number),
        username: created.username,
        fulldomain: created.fulldomain,
        subdomain: created.subdomain,
        allowfrom: [],
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(JSON.stringify(listed)).not.toContain(created.password);
      // Only accounts are listed: not the administrator, not the other user.
      expect(listed.map((item) => item.username)).not.toContain(client.username);

      await as(admin).delete(`${ACCOUNTS}${entry?.id}/`).expect(204);
      const after = (await as(admin).get(ACCOUNTS).expect(200)).body as Stored[];
      expect(after.map((item) => item.username)).not.toContain(created.username);
      expect(await testApp.app.get(AccountsService).findByUsername(created.username)).toBeNull();
      expect(
        await testApp.app.get(DomainsService).listDomains({ fqdn: created.fulldomain }),
      ).toEqual([]);
      await update(created, txt()).expect(401, { error: 'forbidden' });
      await as(admin).delete(`${ACCOUNTS}${entry?.id}/`).expect(404);
    });

    it('deletes no other user through this resource: 404', async () => {
      const other = await testApp.app.get(AccountsService).requireUser(client.username);
      const refused = await as(admin).delete(`${ACCOUNTS}${other.id}/`).expect(404);
      expect(refused.body.error).toBe('not_found');
      expect(await testApp.app.get(AccountsService).findByUsername(client.username)).not.toBeNull();
    });

    it('answers 401 without credentials and 403 to a non-admin, registering nothing', async () => {
      const before = (await as(admin).get(ACCOUNTS).expect(200)).body.length as number;
      await testApp.http.post(ACCOUNTS).send({}).expect(401);
      await testApp.http.get(ACCOUNTS).expect(401);
      const forbidden = await as(client).post(ACCOUNTS, {}).expect(403);
      expect(forbidden.body.error).toBe('forbidden');
      await as(client).get(ACCOUNTS).expect(403);
      expect((await as(admin).get(ACCOUNTS).expect(200)).body).toHaveLength(before);
    });

    it.each([
      [
        { allowfrom: ['10.0.0.0'] },
        'allowfrom',
        '"10.0.0.0" is not a network in CIDR notation, such as 10.0.0.0/8',
      ],
      [{ allowfrom: 5 }, 'allowfrom', 'Expected a list of networks such as 10.0.0.0/8.'],
      [{ domain: 'not a name' }, 'domain', expect.stringContaining('not a name')],
    ])('refuses %j: 400 with the field’s message', async (body, field, message) => {
      const answer = await as(admin).post(ACCOUNTS, body).expect(400);
      expect(answer.body).toEqual({
        error: 'invalid_input',
        message: expect.stringContaining(`invalid ${field}: `),
        fields: { [field]: message },
      });
    });

    it('answers 405 to other methods, with Allow', async () => {
      expect((await as(admin).put(ACCOUNTS, {}).expect(405)).headers.allow).toBe('GET, POST');
      expect((await as(admin).get(`${ACCOUNTS}1/`).expect(405)).headers.allow).toBe('DELETE');
    });
  });

  describe('the admin pages', () => {
    it('link the accounts page, and register an account with the form, showing its storage file once', async () => {
      expect((await browser.get('/admin/users')).text).toContain('href="/admin/acme-dns"');
      const page = await browser.submit('/admin/acme-dns', '/admin/acme-dns', {
        allowfrom: '127.0.0.1/32',
        domain: 'www.example.com',
      });
      expect(page.status).toBe(201);
      const stored = shownStorage(page.text);
      expect(Object.keys(stored)).toEqual(['www.example.com']);
      const account = stored['www.example.com'];
      expect(account.allowfrom).toEqual(['127.0.0.1/32']);
      expect(page.text).toContain(
        `<code>_acme-challenge.www.example.com</code> (CNAME) at\n        <code>${account.fulldomain}</code>`,
      );
      const value = txt();
      await update(account, value).expect(200);
      expect(await published(account)).toEqual([value]);

      const list = await browser.get('/admin/acme-dns');
      expect(list.status).toBe(200);
      expect(list.text).toContain(account.username);
      expect(list.text).toContain(account.fulldomain);
      expect(list.text).not.toContain(account.password);
    });

    it('refuses a bad network with the form’s error, the text kept, and nothing registered', async () => {
      const before = (await as(admin).get(ACCOUNTS).expect(200)).body.length as number;
      const page = await browser.submit('/admin/acme-dns', '/admin/acme-dns', {
        allowfrom: '10.0.0.0',
        domain: '',
      });
      expect(page.status).toBe(400);
      expect(page.text).toContain('&quot;10.0.0.0&quot; is not a network in CIDR notation');
      expect(page.text).toContain('value="10.0.0.0"');
      expect((await as(admin).get(ACCOUNTS).expect(200)).body).toHaveLength(before);
    });

    it('refuses the form without its CSRF token', async () => {
      const before = (await as(admin).get(ACCOUNTS).expect(200)).body.length as number;
      expect((await browser.post('/admin/acme-dns', { allowfrom: '' })).status).toBe(403);
      expect((await as(admin).get(ACCOUNTS).expect(200)).body).toHaveLength(before);
    });

    it('deletes an account, and says so', async () => {
      const created = (await as(admin).post(ACCOUNTS).expect(201)).body as Stored;
      const [{ id }] = (
        (await as(admin).get(ACCOUNTS).expect(200)).body as { id: number; username: string }[]
      ).filter((item) => item.username === created.username);
      const list = await browser.get('/admin/acme-dns');
      const deleted = await browser.post(`/admin/acme-dns/${id}/delete`, {
        _csrf: csrfOf(list.text),
      });
      expect([deleted.status, deleted.headers.location]).toEqual([303, '/admin/acme-dns']);
      const after = await browser.get('/admin/acme-dns');
      expect(after.text).toContain(
        `Deleted the acme-dns account ${created.username}: ${created.fulldomain} is no longer updated.`,
      );
      expect(after.text).not.toContain(`/admin/acme-dns/${id}/delete`);
      expect(await testApp.app.get(AccountsService).findByUsername(created.username)).toBeNull();
    });
  });
});

describe.each(ENGINES)('acme-dns accounts without HLP_ACMEDNS_ZONE on %s', (engine) => {
  it('the REST API answers 409 saying what to set, and the pages neither link nor serve them', async () => {
    const environment = await createTestEnvironment(engine, ADMIN_API_ENVIRONMENT);
    const testApp = await startTestApp(environment);
    try {
      const admin = await createAdmin(testApp.app, 'dns-admin');
      const api = adminApiAs(testApp, admin);
      for (const call of [api.post(ACCOUNTS, {}), api.get(ACCOUNTS)]) {
        expect((await call.expect(409)).body).toEqual({ error: 'conflict', message: OFF });
      }
      const browser = new Browser(() => testApp);
      expect((await browser.signIn(admin)).status).toBe(303);
      expect((await browser.get('/admin/users')).text).not.toContain('/admin/acme-dns');
      const page = await browser.get('/admin/acme-dns');
      expect(page.status).toBe(409);
      expect(page.text).toContain(OFF);
    } finally {
      await testApp.close();
      await environment.cleanup();
    }
  });
});
