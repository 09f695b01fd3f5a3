import { randomBytes } from 'node:crypto';
import { AccountsService } from '../src/accounts/accounts.service';
import { PasswordHasher } from '../src/passwords/password-hasher';
import { DomainsService } from '../src/domains/domains.service';
import { ENGINES } from './support/databases';
import { createAdmin } from './support/admin';
import { Browser, csrfOf, HOST } from './support/browser';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './support/test-app';
import { authenticates, createUser, type TestUser } from './support/users';

describe.each(ENGINES)('the admin pages on %s', (engine) => {
  let environment: TestEnvironment;
  let testApp: TestApp;
  let admin: TestUser;
  let client: TestUser;
  let browser: Browser;

  beforeAll(async () => {
    // The tests' own address is the TLS-terminating proxy whose X-Forwarded-Proto is believed.
    environment = await createTestEnvironment(engine, {
      env: { HLP_TRUSTED_PROXIES: '127.0.0.1' },
    });
    testApp = await startTestApp(environment);
    admin = await createAdmin(testApp.app, 'web-admin');
    client = await createUser(testApp.app, 'web-client', { subdomains: ['example.com'] });
    browser = new Browser(() => testApp);
    expect((await browser.signIn(admin)).status).toBe(303);
  });

  afterAll(async () => {
    await testApp.close();
    await environment.cleanup();
  });

  describe('signing in', () => {
    it('sends strangers to the sign-in page, and back where they were going after it', async () => {
      const stranger = new Browser(() => testApp);
      const root = await stranger.get('/admin');
      expect([root.status, root.headers.location]).toEqual([303, '/admin/users']);
      const users = await stranger.get('/admin/users');
      expect([users.status, users.headers.location]).toEqual([303, '/admin/sign-in']);
      const deep = await stranger.get('/admin/domains?q=example');
      expect(deep.headers.location).toBe('/admin/sign-in?next=%2Fadmin%2Fdomains%3Fq%3Dexample');
      const form = await stranger.get(deep.headers.location as string);
      expect(form.status).toBe(200);
      expect(form.text).toContain('name="next" value="/admin/domains?q=example"');
      const signedIn = await stranger.post('/admin/sign-in', {
        _csrf: csrfOf(form.text),
        username: admin.username,
        password: admin.password,
        next: '/admin/domains?q=example',
      });
      expect([signedIn.status, signedIn.headers.location]).toEqual([
        303,
        '/admin/domains?q=example',
      ]);
      // Never to another site.
      const elsewhere = await stranger.get('/admin/sign-in?next=//evil.example/admin/');
      expect(elsewhere.status).toBe(303);
      expect(elsewhere.headers.location).toBe('/admin/users');
    });

    it('sets HttpOnly, SameSite=Strict cookies under /admin, Secure behind TLS', async () => {
      const plain = await testApp.http.get('/admin/sign-in').set('Host', HOST);
      const [cookie] = plain.headers['set-cookie'] as unknown as string[];
      expect(cookie).toMatch(
        /^hlp_admin_sign_in=[A-Za-z0-9_-]{43}; Max-Age=3600; Path=\/admin; Expires=.*; HttpOnly; SameSite=Strict$/,
      );
      const tls = await testApp.http
        .get('/admin/sign-in')
        .set('Host', HOST)
        .set('X-Forwarded-Proto', 'https');
      expect((tls.headers['set-cookie'] as unknown as string[])[0]).toMatch(
        /; Secure; SameSite=Strict$/,
      );

      const fresh = new Browser(() => testApp);
      const form = await fresh.get('/admin/sign-in');
      const response = await fresh.post(
        '/admin/sign-in',
        { _csrf: csrfOf(form.text), username: admin.username, password: admin.password },
        { 'X-Forwarded-Proto': 'https' },
      );
      expect(response.status).toBe(303);
      const session = (response.headers['set-cookie'] as unknown as string[]).find((line) =>
        line.startsWith('hlp_admin_session='),
      );
      expect(session).toMatch(
        /; Max-Age=28800; Path=\/admin; Expires=.*; HttpOnly; Secure; SameSite=Strict$/,
      );
    });

    it('refuses a non-admin, and wrong passwords, with the same message', async () => {
      const outsider = new Browser(() => testApp);
      const refused = await outsider.signIn(client);
      expect(refused.status).toBe(401);
      expect(refused.text).toContain(
        'Sign-in failed: the username or password is wrong, or this account may not use the admin pages.',
      );
      expect(outsider.has('hlp_admin_session')).toBe(false);
      const wrong = await outsider.signIn({ ...admin, password: 'not-the-password' });
      expect(wrong.status).toBe(401);
      expect(outsider.has('hlp_admin_session')).toBe(false);
      expect((await outsider.get('/admin/users')).status).toBe(303);
    });

    it('refuses a sign-in form without its CSRF token, or from another site', async () => {
      const visitor = new Browser(() => testApp);
      const form = await visitor.get('/admin/sign-in');
      const credentials = { username: admin.username, password: admin.password };
      expect((await visitor.post('/admin/sign-in', credentials)).status).toBe(403);
      expect(
        (await visitor.post('/admin/sign-in', { ...credentials, _csrf: 'x'.repeat(43) })).status,
      ).toBe(403);
      const crossSite = await visitor.post(
        '/admin/sign-in',
        { ...credentials, _csrf: csrfOf(form.text) },
        { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      );
      expect(crossSite.status).toBe(403);
      expect(crossSite.text).toContain('This form did not come from this site');
      expect(visitor.has('hlp_admin_session')).toBe(false);
      // Another browser's token does not fit this browser's cookie.
      const other = new Browser(() => testApp);
      const otherForm = await other.get('/admin/sign-in');
      expect(
        (await visitor.post('/admin/sign-in', { ...credentials, _csrf: csrfOf(otherForm.text) }))
          .status,
      ).toBe(403);
    });

    it('limits failed sign-ins, without checking the password once limited', async () => {
      const hashes = jest.spyOn(testApp.app.get(PasswordHasher), 'verify');
      const guessed = await createAdmin(testApp.app, 'guessed-admin');
      const attacker = new Browser(() => testApp);
      for (let i = 0; i < 5; i += 1) {
        expect((await attacker.signIn({ ...guessed, password: `guess-number-${i}` })).status).toBe(
          401,
        );
      }
      expect(hashes).toHaveBeenCalledTimes(5);
      const limited = await attacker.signIn(guessed);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.text).toContain('Too many sign-in attempts');
      expect(hashes).toHaveBeenCalledTimes(5);
      expect(attacker.has('hlp_admin_session')).toBe(false);
      hashes.mockRestore();
    });

    it('signs out: the session stops working', async () => {
      const session = new Browser(() => testApp);
      await session.signIn(admin);
      const signedOut = await session.submit('/admin/users', '/admin/sign-out', {});
      expect([signedOut.status, signedOut.headers.location]).toEqual([303, '/admin/sign-in']);
      expect((await session.get('/admin/users')).status).toBe(303);
    });
  });

  describe('forms', () => {
    it('refuses a form without its CSRF token or from another site, and changes nothing', async () => {
      const noToken = await browser.post('/admin/domains', { fqdn: 'csrf.example.com' });
      expect(noToken.status).toBe(403);
      expect(noToken.text).toContain('This form did not come from this site');
      const page = await browser.get('/admin/domains');
      const crossSite = await browser.post(
        '/admin/domains',
        { _csrf: csrfOf(page.text), fqdn: 'csrf.example.com' },
        { Origin: 'http://evil.example' },
      );
      expect(crossSite.status).toBe(403);
      expect((await browser.get('/admin/domains')).text).not.toContain('csrf.example.com');
    });

    it('creates a user with a password shown once, grants and revokes domains', async () => {
      const created = await browser.submit('/admin/users', '/admin/users', {
        username: 'web-made',
        email: 'made@example.com',
      });
      expect(created.status).toBe(201);
      const password = /<code id="new-password">([^<]+)<\/code\s*>/.exec(created.text)?.[1] ?? '';
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(await authenticates(testApp.app, 'web-made', password)).toBe(true);
      const userPath =
        /<form method="post" action="(\/admin\/users\/\d+)\/grants"/.exec(created.text)?.[1] ?? '';
      expect((await browser.get(userPath)).text).not.toContain(password);

      const granted = await browser.submit(userPath, `${userPath}/grants`, {
        names: 'web.example.com, other.example.com\nEXAMPLE.org.',
        level: 'subdomain',
        note: 'for the web tests',
      });
      expect([granted.status, granted.headers.location]).toEqual([303, userPath]);
      const page = await browser.get(userPath);
      expect(page.text).toContain(
        'Granted web-made subdomain access on web.example.com, other.example.com, example.org.',
      );
      expect(await testApp.app.get(DomainsService).list('web-made')).toEqual([
        {
          username: 'web-made',
          domains: [],
          subdomains: ['example.org', 'other.example.com', 'web.example.com'],
        },
      ]);

      const invalid = await browser.submit(userPath, `${userPath}/grants`, {
        names: 'fine.example.com bad_name.example.com',
        level: 'both',
      });
      expect(invalid.status).toBe(400);
      expect(invalid.text).toContain('Nothing was granted');
      expect(invalid.text).toContain('the label &quot;bad_name&quot;');
      expect((await testApp.app.get(DomainsService).list('web-made'))[0].domains).toEqual([]);

      const revoked = await browser.submit(userPath, `${userPath}/revoke`, {
        grant: ['subdomain:web.example.com', 'subdomain:example.org'],
      });
      expect(revoked.status).toBe(303);
      expect((await testApp.app.get(DomainsService).list('web-made'))[0].subdomains).toEqual([
        'other.example.com',
      ]);
    });

    it('refuses a username that differs from another only in case', async () => {
      const refused = await browser.submit('/admin/users', '/admin/users', {
        username: 'Web-Client',
        email: '',
      });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain(
        'A user with that username already exists: &quot;web-client&quot; (usernames must differ by more than case).',
      );
      expect(await testApp.app.get(AccountsService).findByUsername('Web-Client')).toBeNull();
    });

    it('resets a password, deactivates, makes admin, and refuses to lock yourself out', async () => {
      const target = await createUser(testApp.app, 'web-target');
      const id = (await testApp.app.get(AccountsService).findByUsername('web-target'))?.id;
      const path = `/admin/users/${id}`;
      const reset = await browser.submit(path, `${path}/password`, {});
      expect(reset.status).toBe(200);
      const password = /<code id="new-password">([^<]+)<\/code\s*>/.exec(reset.text)?.[1] ?? '';
      const accounts = testApp.app.get(AccountsService);
      expect(await authenticates(testApp.app, 'web-target', target.password)).toBe(false);
      expect(await authenticates(testApp.app, 'web-target', password)).toBe(true);

      expect((await browser.submit(path, `${path}/active`, { value: 'false' })).status).toBe(303);
      expect(await authenticates(testApp.app, 'web-target', password)).toBe(false);
      expect((await browser.submit(path, `${path}/admin`, { value: 'true' })).status).toBe(303);
      expect(await accounts.findByUsername('web-target')).toMatchObject({
        isAdmin: true,
        isActive: false,
      });

      const selfId = (await accounts.findByUsername(admin.username))?.id;
      const selfPath = `/admin/users/${selfId}`;
      const refused = await browser.submit(selfPath, `${selfPath}/active`, { value: 'false' });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('You cannot deactivate your own account');
      expect((await accounts.findByUsername(admin.username))?.isActive).toBe(true);

      expect((await browser.submit(path, `${path}/delete`, {})).status).toBe(303);
      expect(await accounts.findByUsername('web-target')).toBeNull();
    });

    it('lists, searches, adds and deletes domains', async () => {
      const added = await browser.submit('/admin/domains', '/admin/domains', {
        fqdn: 'Added.Example.NET',
      });
      expect([added.status, added.headers.location]).toEqual([303, '/admin/domains']);
      expect((await browser.get('/admin/domains?q=added')).text).toContain('added.example.net');
      expect((await browser.get('/admin/domains?q=nothing-like-this')).text).toContain(
        'No domain matches',
      );
      const duplicate = await browser.submit('/admin/domains', '/admin/domains', {
        fqdn: 'added.example.net',
      });
      expect(duplicate.status).toBe(400);
      expect(duplicate.text).toContain('domain with this fqdn already exists.');
      const page = await browser.get('/admin/domains?q=added');
      const action = /action="(\/admin\/domains\/\d+\/delete)"/.exec(page.text)?.[1] ?? '';
      expect((await browser.post(action, { _csrf: csrfOf(page.text) })).status).toBe(303);
      expect((await browser.get('/admin/domains?q=added')).text).toContain('No domain matches');
    });

    it('searches users', async () => {
      const found = await browser.get('/admin/users?q=CLIENT');
      expect(found.text).toContain('web-client');
      expect(found.text).not.toContain('<strong>web-admin</strong></a>');
      expect((await browser.get('/admin/users?q=%25')).text).toContain('No user matches');
    });
  });

  describe('recent changes', () => {
    it('shows who presented and cleaned up which name, newest first', async () => {
      const value = randomBytes(32).toString('base64url');
      const body = { fqdn: '_acme-challenge.changes.example.com', value };
      await testApp.http.post('/present').set('Authorization', client.basic).send(body).expect(204);
      await testApp.http.post('/cleanup').set('Authorization', client.basic).send(body).expect(204);
      const page = await browser.get('/admin/changes');
      expect(page.status).toBe(200);
      const table = page.text.slice(page.text.indexOf('<tbody>'));
      const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => row[1]);
      expect(rows[0]).toContain('badge-cleanup');
      expect(rows[0]).toContain('_acme-challenge.changes.example.com');
      expect(rows[0]).toContain('web-client');
      expect(rows[1]).toContain('badge-present');
    });
  });

  describe('the pages themselves', () => {
    it('forbid framing and anything from elsewhere, and are not cached', async () => {
      const page = await browser.get('/admin/users');
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['referrer-policy']).toBe('same-origin');
      // Whether the host insists on TLS is the proxy's decision.
      expect(page.headers['strict-transport-security']).toBeUndefined();
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);
      const assets = [...page.text.matchAll(/(?:src|href)="(\/admin\/assets\/[^"]+)"/g)].map(
        (m) => m[1],
      );
      expect(assets).toHaveLength(2);
      for (const asset of assets) {
        const response = await testApp.http.get(asset).set('Host', HOST).expect(200);
        expect(response.headers['cache-control']).toContain('immutable');
        expect(response.headers['content-type']).toMatch(
          /^text\/(css|javascript); charset=utf-8$/i,
        );
      }
      // Only the hashed names: an unhashed one could be cached past a release.
      expect((await testApp.http.get('/admin/assets/admin.css').set('Host', HOST)).status).toBe(
        404,
      );
    });

    it('shows a flash message only when this service signed it, and only once', async () => {
      const forged = encodeURIComponent('s:j:["success","Forged message"].not-the-signature');
      const page = await testApp.http
        .get('/admin/domains')
        .set('Host', HOST)
        .set('Cookie', `${browser.cookieHeader}; hlp_admin_flash=${forged}`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('Forged message');
      expect(page.headers['set-cookie']).toEqual(
        expect.arrayContaining([expect.stringMatching(/^hlp_admin_flash=;/)]),
      );
      const added = await browser.submit('/admin/domains', '/admin/domains', {
        fqdn: 'flash.example.net',
      });
      expect(added.status).toBe(303);
      const shown = await browser.get('/admin/domains');
      expect(shown.text).toContain('Added flash.example.net.');
      expect((await browser.get('/admin/domains')).text).not.toContain('Added flash.example.net.');
    });

    it('answers unknown pages with a 404 page', async () => {
      const missing = await browser.get('/admin/nothing-here');
      expect(missing.status).toBe(404);
      expect(missing.headers['content-type']).toMatch(/^text\/html/);
      expect((await browser.get('/admin/users/999999')).status).toBe(404);
    });

    it('ends the sessions of an admin who is demoted', async () => {
      const other = await createAdmin(testApp.app, 'web-admin-two');
      const session = new Browser(() => testApp);
      await session.signIn(other);
      expect((await session.get('/admin/users')).status).toBe(200);
      await testApp.app.get(AccountsService).setAdmin(other.username, false);
      expect((await session.get('/admin/users')).status).toBe(303);
    });
  });
});
