import { randomBytes } from 'node:crypto';
import { AccountsService } from '../src/accounts/accounts.service';
import { DomainsService } from '../src/domains/domains.service';
import { cli } from './support/cli';
import { ENGINES } from './support/databases';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './support/test-app';
import { remoteZone, txtLines } from './support/zone-repository';

/**
 * The acme-dns API against joohoi/acme-dns's wire format. Sources, at acme-dns's Dec 2024 head:
 * README.md ("API": fields and statuses), api.go (RegResponse, webRegisterPost, webUpdatePost,
 * healthCheck), auth.go (Auth, getUserFromRequest, updateAllowedFromIP), validation.go
 * (validKey, validSubdomain, validTXT), acmetxt.go (cidrslice, newACMETxt), util.go (jsonError,
 * generatePassword), db.go (Update: overwrite the older of two values), api_test.go; and
 * nrdcg/goacmedns client.go (what lego sends: POST, `X-Api-User`, `X-Api-Key`, JSON or no body),
 * with cpu/goacmedns v0.1.1's client.go (what lego 4.9.1 sends, see the end-to-end suite).
 */

const ZONE = 'acme.example.com';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** validation.go validTXT: 43 characters, the size of a DNS-01 value. */
const txt = () => randomBytes(32).toString('base64url');

interface Account {
  readonly username: string;
  readonly password: string;
  readonly fulldomain: string;
  readonly subdomain: string;
  readonly allowfrom: string[];
}

const environmentOf = (engine: 'sqlite' | 'postgres', env: Record<string, string>) =>
  createTestEnvironment(engine, { zones: ['example.com', ZONE], env });

describe.each(ENGINES)('the acme-dns API on %s', (engine) => {
  let environment: TestEnvironment;
  let testApp: TestApp;

  const register = (body?: string, contentType = 'application/json') => {
    const call = testApp.http.post('/acme-dns/register');
    return body === undefined ? call : call.set('Content-Type', contentType).send(body);
  };
  const update = (account: Pick<Account, 'username' | 'password'>, body: unknown) =>
    testApp.http
      .post('/acme-dns/update')
      .set('X-Api-User', account.username)
      .set('X-Api-Key', account.password)
      .send(body as object);
  const registered = async (allowfrom?: string[]): Promise<Account> =>
    (await register(allowfrom ? JSON.stringify({ allowfrom }) : undefined).expect(201))
      .body as Account;
  const published = async (account: Account) =>
    txtLines(await remoteZone(environment.remote, ZONE), account.subdomain);

  beforeAll(async () => {
    environment = await environmentOf(engine, {
      HLP_ACMEDNS_ZONE: ZONE,
      HLP_ACMEDNS_REGISTRATION: 'open',
    });
    testApp = await startTestApp(environment);
  });

  afterAll(async () => {
    await testApp.close();
    await environment.cleanup();
  });

  describe('GET /health', () => {
    it('answers 200 (api.go healthCheck)', async () => {
      await testApp.http.get('/acme-dns/health').expect(200);
    });
  });

  describe('POST /register', () => {
    it('answers 201 with username, password, fulldomain, subdomain and allowfrom (README, api.go RegResponse)', async () => {
      // goacmedns sends no body and no Content-Type when no allowfrom is given.
      const answer = await register()
        .expect(201)
        .expect('Content-Type', /application\/json/);
      expect(Object.keys(answer.body)).toEqual([
        'username',
        'password',
        'fulldomain',
        'subdomain',
        'allowfrom',
      ]);
      const account = answer.body as Account;
      expect(account.username).toMatch(UUID);
      expect(account.subdomain).toMatch(UUID);
      // util.go generatePassword(40), over its alphabet; validation.go validKey.
      expect(account.password).toMatch(/^[A-Za-z0-9_-]{40}$/);
      expect(account.fulldomain).toBe(`${account.subdomain}.${ZONE}`);
      expect(account.allowfrom).toEqual([]);
    });

    it('makes the account one of our users, granted exactly its name, its key hashed', async () => {
      const account = await registered(['192.168.100.1/24', '[2002:c0a8:2a00::0]/40']);
      const user = await testApp.app.get(AccountsService).requireUser(account.username);
      expect(user.passwordHash).not.toContain(account.password);
      expect(user.allowedNetworks).toBe('192.168.100.1/24,2002:c0a8:2a00::0/40');
      expect(await testApp.app.get(DomainsService).list(account.username)).toEqual([
        { username: account.username, domains: [account.fulldomain], subdomains: [] },
      ]);
      // acmetxt.go ValidEntries: the networks as taken, without IPv6 brackets.
      expect(account.allowfrom).toEqual(['192.168.100.1/24', '2002:c0a8:2a00::0/40']);
    });

    it.each([['["1.2.3.4/33"]'], ['["1.2.3.4"]'], ['["example.com/8"]']])(
      'refuses allowfrom %s: 400 invalid_allowfrom_cidr (api.go, api_test.go TestApiRegisterBadAllowFrom)',
      async (allowfrom) => {
        const answer = await register(`{"allowfrom": ${allowfrom}}`).expect(400);
        expect(answer.body).toEqual({ error: 'invalid_allowfrom_cidr' });
      },
    );

    it.each([['{'], ['[]'], ['"text"'], ['{"allowfrom": "10.0.0.0/8"}'], ['{"allowfrom": [1]}']])(
      'refuses %s: 400 malformed_json_payload (api.go, api_test.go TestApiRegisterMalformedJSON)',
      async (body) => {
        const answer = await register(body).expect(400);
        expect(answer.body).toEqual({ error: 'malformed_json_payload' });
      },
    );

    it('registers from goacmedns v0.1.1 (lego 4.9.1): no body, yet Content-Type: application/json', async () => {
      // client.go postAPI sets the Content-Type on every request; RegisterAccount(nil) sends no body.
      const answer = await testApp.http
        .post('/acme-dns/register')
        .set('Content-Type', 'application/json')
        .expect(201);
      expect(answer.body.allowfrom).toEqual([]);
    });

    it('reads the body as JSON whatever its Content-Type, as acme-dns does', async () => {
      const answer = await register('{"allowfrom": ["10.0.0.0/8"]}', 'text/plain').expect(201);
      expect(answer.body.allowfrom).toEqual(['10.0.0.0/8']);
    });

    it('answers other methods 405 with the service’s error shape', async () => {
      const answer = await testApp.http.get('/acme-dns/register').expect(405);
      expect(answer.body.error).toBe('method_not_allowed');
    });
  });

  describe('POST /update', () => {
    let account: Account;

    beforeAll(async () => {
      account = await registered();
    });

    it('answers 200 {"txt": value} and publishes it at <subdomain>.<zone> (README, api.go webUpdatePost)', async () => {
      const value = txt();
      const answer = await update(account, { subdomain: account.subdomain, txt: value })
        .expect(200)
        .expect('Content-Type', /application\/json/);
      expect(answer.body).toEqual({ txt: value });
      expect(await published(account)).toEqual([value]);
    });

    it('takes goacmedns v0.1.1’s body (lego 4.9.1): {"SubDomain", "Txt"}, as Go encodes an untagged struct', async () => {
      // client.go UpdateTXTRecord marshals struct { SubDomain string; Txt string }; acme-dns's
      // Go decoder matches field names in any case.
      const value = txt();
      await testApp.http
        .post('/acme-dns/update')
        .set('Content-Type', 'application/json')
        .set('X-Api-User', account.username)
        .set('X-Api-Key', account.password)
        .send(JSON.stringify({ SubDomain: account.subdomain, Txt: value }))
        .expect(200, { txt: value });
      expect((await published(account)).at(-1)).toBe(value);
    });

    it('keeps the two newest values (db.go Update), for a name and its wildcard', async () => {
      const values = [txt(), txt(), txt()];
      for (const value of values) {
        await update(account, { subdomain: account.subdomain, txt: value }).expect(200);
      }
      expect(await published(account)).toEqual(values.slice(1));
      const zone = await remoteZone(environment.remote, ZONE);
      expect(zone).toContain(`${account.subdomain} 600 IN TXT "${values[2]}"\n`);
    });

    it('takes the username in any case, as uuid.Parse does (validation.go getValidUsername)', async () => {
      const value = txt();
      await update(
        { username: account.username.toUpperCase(), password: account.password },
        { subdomain: account.subdomain.toUpperCase(), txt: value },
      ).expect(200);
      expect((await published(account)).at(-1)).toBe(value);
    });

    it.each([
      ['a wrong key', (a: Account) => ({ username: a.username, password: 'x'.repeat(40) })],
      ['an unknown user', (a: Account) => ({ username: a.subdomain, password: a.password })],
      [
        'a username that is not a UUID',
        (a: Account) => ({ username: 'alice', password: a.password }),
      ],
      [
        'a key that is not 40 characters',
        (a: Account) => ({ username: a.username, password: 'short' }),
      ],
    ])('answers %s 401 forbidden (auth.go Auth, getUserFromRequest)', async (_, credentials) => {
      const answer = await update(credentials(account), {
        subdomain: account.subdomain,
        txt: txt(),
      }).expect(401);
      expect(answer.body).toEqual({ error: 'forbidden' });
    });

    it('answers another account’s subdomain 401 forbidden (auth.go: subdomain mismatch; api_test.go TestApiUpdateWithInvalidSubdomain)', async () => {
      const other = await registered();
      for (const subdomain of [other.subdomain, 'example.com', '']) {
        const answer = await update(account, { subdomain, txt: txt() }).expect(401);
        expect(answer.body).toEqual({ error: 'forbidden' });
      }
      expect(await published(other)).toEqual([]);
    });

    it('answers a body it cannot decode 401 forbidden: auth.go goes on with empty fields', async () => {
      const answer = await testApp.http
        .post('/acme-dns/update')
        .set('X-Api-User', account.username)
        .set('X-Api-Key', account.password)
        .set('Content-Type', 'application/json')
        .send('{')
        .expect(401);
      expect(answer.body).toEqual({ error: 'forbidden' });
    });

    it.each([['short'], ['a'.repeat(44)], [`${'a'.repeat(42)}=`]])(
      'answers txt %j 400 bad_txt (validation.go validTXT; api_test.go TestApiUpdateWithInvalidTxt)',
      async (value) => {
        const answer = await update(account, { subdomain: account.subdomain, txt: value }).expect(
          400,
        );
        expect(answer.body).toEqual({ error: 'bad_txt' });
      },
    );

    it('answers 400 bad_subdomain to a user allowed below the zone (api.go webUpdatePost)', async () => {
      // Only a user granted more than one account's name gets past auth.go's subdomain check.
      const wide = { username: 'c36f50e8-4632-44f0-83fe-e070fef28a10', password: 'K'.repeat(40) };
      await testApp.app.get(AccountsService).createUser(wide.username, { password: wide.password });
      await testApp.app.get(DomainsService).allow(wide.username, { subdomains: [ZONE] });
      const answer = await update(wide, { subdomain: 'not_a_label', txt: txt() }).expect(400);
      expect(answer.body).toEqual({ error: 'bad_subdomain' });
    });

    it('answers an address outside allowfrom 401 forbidden (auth.go updateAllowedFromIP)', async () => {
      const limited = await registered(['10.0.0.0/8']);
      const answer = await update(limited, { subdomain: limited.subdomain, txt: txt() }).expect(
        401,
      );
      expect(answer.body).toEqual({ error: 'forbidden' });
      const loopback = await registered(['127.0.0.0/8']);
      await update(loopback, { subdomain: loopback.subdomain, txt: txt() }).expect(200);
    });

    it('answers what acme-dns has no answer for in the service’s shape: a body over 16 KiB is 413', async () => {
      const answer = await update(account, {
        subdomain: account.subdomain,
        txt: 'a'.repeat(20_000),
      }).expect(413);
      expect(answer.body.error).toBe('payload_too_large');
    });

    it('counts wrong keys under the same limits as every password: 429 with Retry-After', async () => {
      const victim = await registered();
      const wrong = { username: victim.username, password: 'w'.repeat(40) };
      for (let attempt = 0; attempt < 5; attempt += 1) {
        await update(wrong, { subdomain: victim.subdomain, txt: txt() }).expect(401);
      }
      const answer = await update(wrong, { subdomain: victim.subdomain, txt: txt() }).expect(429);
      expect(answer.body.error).toBe('too_many_requests');
      expect(answer.headers['retry-after']).toMatch(/^\d+$/);
    });
  });
});

describe.each(ENGINES)('acme-dns registration on %s', (engine) => {
  it('is closed by default: 404, while the CLI registers accounts that can update', async () => {
    const environment = await environmentOf(engine, { HLP_ACMEDNS_ZONE: ZONE });
    const testApp = await startTestApp(environment);
    try {
      const refused = await testApp.http.post('/acme-dns/register').expect(404);
      expect(refused.body).toMatchObject({ error: 'not_found' });
      expect(refused.body.message).toContain('lego-provider acme-dns register');

      const result = await cli(['acme-dns', 'register', '--domain', 'Example.com'], {
        ...environment.env,
        HLP_PUBLIC_URL: 'https://lego.example.com',
      });
      expect(result.code).toBe(0);
      const stored = JSON.parse(result.stdout) as Record<string, Account & { server_url: string }>;
      expect(Object.keys(stored)).toEqual(['example.com']);
      const account = stored['example.com'];
      expect(account).toMatchObject({
        fulldomain: `${account.subdomain}.${ZONE}`,
        allowfrom: [],
        server_url: 'https://lego.example.com/acme-dns',
      });
      expect(result.stderr).toContain(
        `_acme-challenge.example.com (CNAME) at ${account.fulldomain}`,
      );
      const value = txt();
      await testApp.http
        .post('/acme-dns/update')
        .set('X-Api-User', account.username)
        .set('X-Api-Key', account.password)
        .send({ subdomain: account.subdomain, txt: value })
        .expect(200);
      expect(txtLines(await remoteZone(environment.remote, ZONE), account.subdomain)).toEqual([
        value,
      ]);

      const invalid = await cli(
        ['acme-dns', 'register', '--allow-from', '10.0.0.0'],
        environment.env,
      );
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toContain('"10.0.0.0" is not a network in CIDR notation');
    } finally {
      await testApp.close();
      await environment.cleanup();
    }
  });

  it('when open, can be limited to source networks: 403 from elsewhere', async () => {
    const environment = await environmentOf(engine, {
      HLP_ACMEDNS_ZONE: ZONE,
      HLP_ACMEDNS_REGISTRATION: 'open',
      HLP_ACMEDNS_REGISTRATION_NETWORKS: '10.0.0.0/8',
    });
    const testApp = await startTestApp(environment);
    try {
      const refused = await testApp.http.post('/acme-dns/register').expect(403);
      expect(refused.body).toEqual({
        error: 'forbidden',
        message: 'registration is not open to 127.0.0.1',
      });
    } finally {
      await testApp.close();
      await environment.cleanup();
    }
  });

  it('is not served at all without HLP_ACMEDNS_ZONE, and the CLI says so', async () => {
    const environment = await environmentOf(engine, {});
    const testApp = await startTestApp(environment);
    try {
      await testApp.http.post('/acme-dns/register').expect(404);
      await testApp.http.get('/acme-dns/health').expect(404);
      const result = await cli(['acme-dns', 'register'], environment.env);
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: 'error: the acme-dns API is off: set HLP_ACMEDNS_ZONE\n',
      });
    } finally {
      await testApp.close();
      await environment.cleanup();
    }
  });
});
