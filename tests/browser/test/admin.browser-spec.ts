import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../src/chromium';
import { type Service, startQuickstart } from '../src/service';

const OUTPUT = join(__dirname, '..', 'test-output');
const SCREENSHOTS = join(OUTPUT, 'screenshots');

describe('the admin pages in Chromium', () => {
  let dir: string;
  let service: Service;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  let adminPassword: string;
  let botPassword = '';
  /** Every URL the browser asked for, to prove nothing came from elsewhere. */
  const requested: string[] = [];
  const consoleErrors: string[] = [];

  const shot = (name: string, target: Page = page) =>
    target.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  function watch(target: Page): Page {
    target.on('request', (request) => requested.push(request.url()));
    target.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${target.url()}: ${message.text()}`);
    });
    target.on('pageerror', (error) => consoleErrors.push(`${target.url()}: ${error.message}`));
    target.on('dialog', (dialog) => void dialog.accept());
    return target;
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dir = await mkdtemp(join(tmpdir(), 'hlp-admin-browser-'));
    service = await startQuickstart(
      {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dir,
        HLP_DATA_DIR: join(dir, 'data'),
        HLP_SECRET_KEY: randomBytes(32).toString('base64url'),
        HLP_LOG_LEVEL: 'warn',
        HLP_METRICS_PORT: '0',
        HLP_ACMEDNS_ZONE: 'example.com',
      },
      join(OUTPUT, 'service.log'),
    );
    const printed = /Created admin user "admin" with password "([^"]+)"/.exec(service.output());
    if (!printed) throw new Error(`quickstart printed no admin password:\n${service.output()}`);
    adminPassword = printed[1];
    browser = await launchChromium();
    admin = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = watch(await admin.newPage());
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('an admin signs in', async () => {
    await page.goto(`${service.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    expect(await page.locator('#username').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('username');
    await shot('01-sign-in');
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type(adminPassword);
    await Promise.all([page.waitForURL('**/admin/users'), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toBe('Users');
    const cookies = await admin.cookies();
    const session = cookies.find((cookie) => cookie.name === 'hlp_admin_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
    await shot('02-users');
  });

  it('creates a user, whose generated password is shown once', async () => {
    await page.fill('#new-username', 'lego-bot');
    await page.fill('#new-email', 'lego-bot@example.com');
    await Promise.all([
      page.waitForURL('**/admin/users'),
      page.click('button:has-text("Create user")'),
    ]);
    botPassword = (await page.locator('#new-password').textContent())?.trim() ?? '';
    expect(botPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await page.locator('h1').textContent()).toBe('lego-bot');
    await shot('03-user-created');
  });

  it('grants the user a subdomain', async () => {
    await page.goto(`${service.url}/admin/users`);
    await Promise.all([
      page.waitForURL(/\/admin\/users\/\d+$/),
      page.click('a:has-text("lego-bot")'),
    ]);
    expect(await page.locator('#new-password').count()).toBe(0);
    await page.fill('#names', 'example.com');
    await page.check('input[name="level"][value="subdomain"]');
    await page.fill('#note', 'certificates for www');
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Grant")')]);
    await page.waitForSelector('.notice-success');
    expect(await page.locator('.notice-success').textContent()).toContain(
      'Granted lego-bot subdomain access on example.com.',
    );
    expect(await page.locator('table tbody tr').count()).toBe(1);
    await shot('04-user-granted');
  });

  it('the user presents a record through /present, and it appears in the recent changes', async () => {
    const value = randomBytes(32).toString('base64url');
    const basic = `Basic ${Buffer.from(`lego-bot:${botPassword}`).toString('base64')}`;
    const present = await fetch(`${service.url}/present`, {
      method: 'POST',
      headers: { Authorization: basic, 'Content-Type': 'application/json' },
      body: JSON.stringify({ fqdn: '_acme-challenge.www.example.com.', value }),
    });
    expect(present.status).toBe(204);
    // And with a token: Bearer works wherever Basic does.
    const tokens = (await (
      await fetch(`${service.url}/api/v1/auth/token/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'lego-bot', password: botPassword }),
      })
    ).json()) as { access: string };
    const second = randomBytes(32).toString('base64url');
    const withToken = await fetch(`${service.url}/present`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.access}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ fqdn: '_acme-challenge.api.example.com', value: second }),
    });
    expect(withToken.status).toBe(204);

    // Keyboard: g then c opens the recent changes.
    await page.keyboard.press('g');
    await Promise.all([page.waitForURL('**/admin/changes'), page.keyboard.press('c')]);
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    const newest = (await rows.nth(0).textContent()) ?? '';
    expect(newest).toContain('lego-bot');
    expect(newest).toContain('present');
    expect(newest).toContain('_acme-challenge.api.example.com');
    const previous = (await rows.nth(1).textContent()) ?? '';
    expect(previous).toContain('_acme-challenge.www.example.com');
    expect(previous).toContain('lego-bot');
    await shot('05-recent-changes');
  });

  it('shows domains, and finds users from the keyboard', async () => {
    await page.goto(`${service.url}/admin/domains`);
    expect(await page.locator('table tbody').textContent()).toContain('lego-bot');
    await shot('06-domains');
    await page.keyboard.press('g');
    await Promise.all([page.waitForURL('**/admin/users'), page.keyboard.press('u')]);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q');
    await page.keyboard.type('bot');
    await Promise.all([page.waitForURL('**/admin/users?q=bot'), page.keyboard.press('Enter')]);
    expect(await page.locator('table tbody tr').count()).toBe(1);
  });

  it('registers an acme-dns account, whose storage file is shown once and works', async () => {
    await Promise.all([
      page.waitForURL('**/admin/acme-dns'),
      page.click('nav a:has-text("acme-dns")'),
    ]);
    await page.fill('#domain', 'www.example.com');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('button:has-text("Register account")'),
    ]);
    const stored = JSON.parse(
      (await page.locator('#acme-dns-storage').textContent()) ?? '',
    ) as Record<string, { username: string; password: string; subdomain: string }>;
    const account = stored['www.example.com'];
    expect(account.password).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect(await page.locator('table tbody').textContent()).toContain(account.username);
    await shot('07-acme-dns-registered');
    const txt = randomBytes(32).toString('base64url');
    const update = await fetch(`${service.url}/acme-dns/update`, {
      method: 'POST',
      headers: { 'X-Api-User': account.username, 'X-Api-Key': account.password },
      body: JSON.stringify({ subdomain: account.subdomain, txt }),
    });
    expect(update.status).toBe(200);
    await page.goto(`${service.url}/admin/acme-dns`);
    expect(await page.locator('#acme-dns-storage').count()).toBe(0);
  });

  it('works at phone width', async () => {
    const phone = watch(await admin.newPage());
    await phone.setViewportSize({ width: 390, height: 844 });
    for (const [path, name] of [
      ['/admin/users', '08-phone-users'],
      ['/admin/changes', '09-phone-changes'],
      ['/admin/acme-dns', '10-phone-acme-dns'],
    ]) {
      await phone.goto(`${service.url}${path}`);
      const overflow = await phone.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
      await shot(name, phone);
    }
    await phone.goto(`${service.url}/admin/users`);
    await Promise.all([
      phone.waitForURL(/\/admin\/users\/\d+$/),
      phone.click('a:has-text("lego-bot")'),
    ]);
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBe(0);
    await shot('11-phone-user', phone);
    await phone.close();
  });

  it('does not let a non-admin sign in', async () => {
    const outsider = await browser.newContext();
    const outsiderPage = watch(await outsider.newPage());
    await outsiderPage.goto(`${service.url}/admin/sign-in`);
    await outsiderPage.fill('#username', 'lego-bot');
    await outsiderPage.fill('#password', botPassword);
    await Promise.all([
      outsiderPage.waitForLoadState('load'),
      outsiderPage.click('button:has-text("Sign in")'),
    ]);
    await outsiderPage.waitForSelector('.notice-error');
    expect(await outsiderPage.locator('.notice-error').textContent()).toContain('Sign-in failed');
    expect(new URL(outsiderPage.url()).pathname).toBe('/admin/sign-in');
    expect((await outsider.cookies()).map((cookie) => cookie.name)).not.toContain(
      'hlp_admin_session',
    );
    await shot('12-non-admin-refused', outsiderPage);
    await outsiderPage.goto(`${service.url}/admin/users`);
    expect(new URL(outsiderPage.url()).pathname).toBe('/admin/sign-in');
    await outsider.close();
  });

  it('refuses a form without its CSRF token', async () => {
    await page.goto(`${service.url}/admin/domains`);
    await page.fill('#fqdn', 'csrf-test.example.com');
    await page.evaluate(() => {
      for (const input of document.querySelectorAll('input[name="_csrf"]')) input.remove();
    });
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
      page.click('button:has-text("Add domain")'),
    ]);
    expect(response.status()).toBe(403);
    await page.waitForLoadState('load');
    expect(await page.locator('h1').textContent()).toBe('Refused');
    expect(await page.locator('main').textContent()).toContain(
      'This form did not come from this site',
    );
    await shot('13-csrf-refused');
    // The same request without a token, from a script holding the session cookie: refused too.
    const scripted = await admin.request.post(`${service.url}/admin/domains`, {
      form: { fqdn: 'csrf-test.example.com' },
      maxRedirects: 0,
    });
    expect(scripted.status()).toBe(403);
    await page.goto(`${service.url}/admin/domains`);
    expect(await page.locator('main').textContent()).not.toContain('csrf-test.example.com');
  });

  it('serves the API reference at /api/docs', async () => {
    await page.goto(`${service.url}/api/docs`);
    await page.waitForSelector('.swagger-ui .info .title');
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain(
      'httprequest-lego-provider',
    );
    await page.waitForSelector('text=/api/v1/users/');
    await shot('14-api-docs');
  });

  it('loaded nothing from anywhere but the service, without errors', () => {
    const elsewhere = requested.filter(
      (url) => !url.startsWith(`${service.url}/`) && !url.startsWith('data:'),
    );
    expect(elsewhere).toEqual([]);
    expect(consoleErrors.filter((error) => !/status of (401|403|404)/.test(error))).toEqual([]);
  });
});
