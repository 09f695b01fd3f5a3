import { randomBytes } from 'node:crypto';
import { rename } from 'node:fs/promises';
import { dns01Value } from '../src/challenges/txt-value';
import { runGit } from '../src/records/git-process';
import { ENGINES } from './support/databases';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './support/test-app';
import { createUser, type TestUser } from './support/users';
import { commitCount, remoteZone, txtLines } from './support/zone-repository';

const value = () => randomBytes(32).toString('base64url');
const ZONES = ['example.com', 'example.org', 'example.co.uk', 'sub.example.com'];

describe.each(ENGINES)('POST /present and /cleanup on %s', (engine) => {
  let environment: TestEnvironment;
  let testApp: TestApp;
  let remote: string;
  let alice: TestUser;
  let mallory: TestUser;

  const present = (body: unknown, user: TestUser = alice) =>
    testApp.http
      .post('/present')
      .set('Authorization', user.basic)
      .send(body as object);
  const cleanup = (body: unknown, user: TestUser = alice) =>
    testApp.http
      .post('/cleanup')
      .set('Authorization', user.basic)
      .send(body as object);

  beforeAll(async () => {
    environment = await createTestEnvironment(engine, { zones: ZONES });
    remote = environment.remote;
    testApp = await startTestApp(environment);
    alice = await createUser(testApp.app, 'alice', {
      domains: ['example.com', 'example.co.uk'],
      subdomains: ['example.com', 'example.org'],
    });
    mallory = await createUser(testApp.app, 'mallory', { domains: ['example.net'] });
  });

  afterAll(async () => {
    await testApp.close();
    await environment.cleanup();
  });

  describe('default mode', () => {
    it('adds the record, then removes it, leaving the zone file as it was', async () => {
      const before = await remoteZone(remote, 'example.com');
      const v = value();
      await present({ fqdn: '_acme-challenge.example.com.', value: v }).expect(204);
      const during = await remoteZone(remote, 'example.com');
      expect(during).toBe(`${before}_acme-challenge 600 IN TXT "${v}"\n`);
      await cleanup({ fqdn: '_acme-challenge.example.com.', value: v }).expect(204);
      expect(await remoteZone(remote, 'example.com')).toBe(before);
    });

    it('keeps two values at one name (a name and its wildcard), and removes only the one asked', async () => {
      const [first, second] = [value(), value()];
      await present({ fqdn: '_acme-challenge.example.com.', value: first }).expect(204);
      await present({ fqdn: '_acme-challenge.example.com.', value: second }).expect(204);
      expect(txtLines(await remoteZone(remote, 'example.com'), '_acme-challenge')).toEqual([
        first,
        second,
      ]);
      await cleanup({ fqdn: '_acme-challenge.example.com.', value: first }).expect(204);
      expect(txtLines(await remoteZone(remote, 'example.com'), '_acme-challenge')).toEqual([
        second,
      ]);
      await cleanup({ fqdn: '_acme-challenge.example.com.', value: second }).expect(204);
    });

    it('answers retries with 204 and commits nothing more', async () => {
      const v = value();
      await present({ fqdn: '_acme-challenge.www.example.com', value: v }).expect(204);
      const commits = await commitCount(remote);
      await present({ fqdn: '_acme-challenge.www.example.com', value: v }).expect(204);
      expect(await commitCount(remote)).toBe(commits);
      await cleanup({ fqdn: '_acme-challenge.www.example.com', value: v }).expect(204);
      await cleanup({ fqdn: '_acme-challenge.www.example.com', value: v }).expect(204);
      expect(await commitCount(remote)).toBe(commits + 1);
    });

    it('compares names case-insensitively and stores them lower-case', async () => {
      const v = value();
      await present({ fqdn: '_ACME-Challenge.WWW.Example.COM.', value: v }).expect(204);
      expect(txtLines(await remoteZone(remote, 'example.com'), '_acme-challenge.www')).toEqual([v]);
      await cleanup({ fqdn: '_acme-challenge.www.example.com', value: v }).expect(204);
    });

    it('writes into the zone with the longest matching name', async () => {
      const [a, b] = [value(), value()];
      await present({ fqdn: '_acme-challenge.host.sub.example.com.', value: a }).expect(204);
      await present({ fqdn: '_acme-challenge.example.co.uk.', value: b }).expect(204);
      expect(txtLines(await remoteZone(remote, 'sub.example.com'), '_acme-challenge.host')).toEqual(
        [a],
      );
      expect(txtLines(await remoteZone(remote, 'example.com'), '_acme-challenge.host.sub')).toEqual(
        [],
      );
      expect(txtLines(await remoteZone(remote, 'example.co.uk'), '_acme-challenge')).toEqual([b]);
    });

    it('names the author and the change in the commit', async () => {
      const v = value();
      await present({ fqdn: '_acme-challenge.mail.example.org', value: v }).expect(204);
      const log = (await runGit(['log', '-1', '--format=%an <%ae>%n%s%n%b'], { cwd: remote }))
        .stdout;
      expect(log).toBe(
        'alice <alice@httprequest-lego-provider.invalid>\n' +
          'Add _acme-challenge.mail.example.org record\n' +
          `present _acme-challenge.mail.example.org TXT "${v}" (by alice)\n\n`,
      );
    });
  });

  describe('RAW mode', () => {
    it('computes the value from the key authorization, as lego does', async () => {
      const keyAuth = `${value()}.${value()}`;
      await present({ domain: 'raw.example.org', token: 'tok', keyAuth }).expect(204);
      expect(txtLines(await remoteZone(remote, 'example.org'), '_acme-challenge.raw')).toEqual([
        dns01Value(keyAuth),
      ]);
      await cleanup({ domain: 'raw.example.org', token: 'tok', keyAuth }).expect(204);
      expect(txtLines(await remoteZone(remote, 'example.org'), '_acme-challenge.raw')).toEqual([]);
    });
  });

  describe('form bodies, as the Python service took them', () => {
    it('accepts application/x-www-form-urlencoded', async () => {
      const v = value();
      await testApp.http
        .post('/present')
        .set('Authorization', alice.basic)
        .type('form')
        .send({ fqdn: '_acme-challenge.form.example.com', value: v })
        .expect(204);
      expect(txtLines(await remoteZone(remote, 'example.com'), '_acme-challenge.form')).toEqual([
        v,
      ]);
    });

    it('accepts multipart/form-data', async () => {
      const v = value();
      await testApp.http
        .post('/present')
        .set('Authorization', alice.basic)
        .field('fqdn', '_acme-challenge.multipart.example.com')
        .field('value', v)
        .expect(204);
      expect(
        txtLines(await remoteZone(remote, 'example.com'), '_acme-challenge.multipart'),
      ).toEqual([v]);
    });
  });

  describe('mistakes get a 4xx that says what is wrong, and change nothing', () => {
    let commitsBefore: number;
    beforeAll(async () => {
      commitsBefore = await commitCount(remote);
    });
    afterAll(async () => {
      expect(await commitCount(remote)).toBe(commitsBefore);
    });

    it.each<[string, unknown, string, Record<string, string> | undefined]>([
      [
        'an array',
        [{ fqdn: '_acme-challenge.example.com', value: 'abc' }],
        'the body must be an object',
        undefined,
      ],
      ['a number', 42, 'the body must be an object', undefined],
      ['a string', '"text"', 'the body must be an object', undefined],
      ['null', 'null', 'the body must be an object', undefined],
      [
        'no fields',
        {},
        'fqdn: is required; value: is required',
        { fqdn: 'is required', value: 'is required' },
      ],
      [
        'a number as value',
        { fqdn: '_acme-challenge.example.com', value: 12345 },
        'value: must be a string',
        { value: 'must be a string' },
      ],
      [
        'a nested value',
        { fqdn: '_acme-challenge.example.com', value: { a: { b: 1 } } },
        'value: must be a string',
        { value: 'must be a string' },
      ],
      [
        'no prefix',
        { fqdn: 'example.com', value: 'abc' },
        'must start with "_acme-challenge."',
        undefined,
      ],
      [
        'a line break in the name',
        { fqdn: '_acme-challenge.example.com\n', value: 'abc' },
        'only ASCII',
        undefined,
      ],
      [
        'a look-alike letter',
        { fqdn: '_acme-challenge.ex\u0430mple.com', value: 'abc' },
        'only ASCII',
        undefined,
      ],
      [
        'a line break in the value',
        { fqdn: '_acme-challenge.example.com', value: 'abc\n$INCLUDE /etc/passwd' },
        'value: must only hold the base64url characters',
        undefined,
      ],
      [
        'a quote in the value',
        { fqdn: '_acme-challenge.example.com', value: 'abc" ; x' },
        'value: must only hold the base64url characters',
        undefined,
      ],
      [
        'a carriage return in the value',
        { fqdn: '_acme-challenge.example.com', value: 'abc\rdef' },
        'value: must only hold',
        undefined,
      ],
      [
        'an over-long value',
        { fqdn: '_acme-challenge.example.com', value: 'a'.repeat(256) },
        'value: must be at most 255 characters',
        undefined,
      ],
      [
        'an empty value',
        { fqdn: '_acme-challenge.example.com', value: '' },
        'value: must not be empty',
        undefined,
      ],
      [
        'an over-long name',
        {
          fqdn: `_acme-challenge.${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.example.com`,
          value: 'abc',
        },
        'longer than 253 characters',
        undefined,
      ],
      [
        'both modes at once',
        { fqdn: '_acme-challenge.example.com', value: 'abc', keyAuth: 'x' },
        'mixes default-mode fields',
        undefined,
      ],
      [
        'RAW without keyAuth',
        { domain: 'example.com', token: 't' },
        'keyAuth: is required',
        undefined,
      ],
      [
        'RAW with a bad domain',
        { domain: 'bad domain', token: 't', keyAuth: 'a.b' },
        'domain: "bad domain" is not a valid domain',
        undefined,
      ],
    ])('400 for %s', async (_, body, message, fields) => {
      const request = testApp.http
        .post('/present')
        .set('Authorization', alice.basic)
        .set('Content-Type', 'application/json');
      const response = await request
        .send(typeof body === 'string' ? body : JSON.stringify(body))
        .expect(400);
      expect(response.body.error).toBe('invalid_input');
      expect(response.body.message).toContain(message);
      if (fields) expect(response.body.fields).toEqual(fields);
    });

    it('400 for malformed JSON', async () => {
      const response = await testApp.http
        .post('/present')
        .set('Authorization', alice.basic)
        .set('Content-Type', 'application/json')
        .send('{"fqdn": ')
        .expect(400);
      expect(response.body).toEqual({
        error: 'invalid_input',
        message: 'the request body is not valid JSON',
      });
    });

    it('400 for deeply nested JSON, without falling over', async () => {
      const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      const response = await present(deep).set('Content-Type', 'application/json').expect(400);
      expect(response.body.error).toBe('invalid_input');
    });

    it('400 for a field sent twice in a form', async () => {
      const response = await testApp.http
        .post('/present')
        .set('Authorization', alice.basic)
        .type('form')
        .send('fqdn=_acme-challenge.example.com&fqdn=_acme-challenge.example.org&value=abc')
        .expect(400);
      expect(response.body.fields).toEqual({ fqdn: 'must be a string' });
    });

    it('400 hinting at the content type for JSON sent as a form (curl -d without a header)', async () => {
      const response = await testApp.http
        .post('/present')
        .set('Authorization', alice.basic)
        .type('form')
        .send('{"fqdn": "_acme-challenge.example.com", "value": "abc"}')
        .expect(400);
      expect(response.body).toEqual({
        error: 'invalid_input',
        message:
          'fqdn: is required; value: is required (the body was read as a form: to send JSON, set Content-Type: application/json)',
        fields: { fqdn: 'is required', value: 'is required' },
      });
    });

    it('401 with a Basic challenge without credentials or with wrong ones', async () => {
      for (const authorization of [
        undefined,
        `Basic ${Buffer.from('alice:wrong').toString('base64')}`,
        'Bearer x',
      ]) {
        const request = testApp.http.post('/present');
        if (authorization) request.set('Authorization', authorization);
        const response = await request
          .send({ fqdn: '_acme-challenge.example.com', value: 'abc' })
          .expect(401);
        expect(response.headers['www-authenticate']).toBe(
          'Basic realm="httprequest-lego-provider", charset="UTF-8"',
        );
        expect(response.body.error).toBe('unauthorized');
      }
    });

    it('403 naming the user and the name when the user may not manage it', async () => {
      const response = await present(
        { fqdn: '_acme-challenge.example.com', value: 'abc' },
        mallory,
      ).expect(403);
      expect(response.body).toEqual({
        error: 'forbidden',
        message: 'The user mallory does not have permission to manage _acme-challenge.example.com',
      });
      // subdomain access does not cover the domain itself, nor look-alike suffixes
      await present({ fqdn: '_acme-challenge.example.org', value: 'abc' }).expect(403);
      await present({ fqdn: '_acme-challenge.evilexample.org', value: 'abc' }).expect(403);
      await present({ fqdn: '_acme-challenge.example.org.evil.com', value: 'abc' }).expect(403);
    });

    it('404 with a clear message when no zone file covers the name', async () => {
      await createUser(testApp.app, 'netuser', { domains: ['example.net'] });
      const netuser = {
        basic: `Basic ${Buffer.from('netuser:netuser-password-0123').toString('base64')}`,
      } as TestUser;
      const response = await present(
        { fqdn: '_acme-challenge.example.net', value: 'abc' },
        netuser,
      ).expect(404);
      expect(response.body).toEqual({
        error: 'zone_not_found',
        message:
          'no zone file in the repository covers _acme-challenge.example.net (looked for _acme-challenge.example.net.domain, example.net.domain, net.domain); is this zone configured for DNS?',
      });
    });

    it('413 for a body over 16 KiB', async () => {
      const response = await present({
        fqdn: '_acme-challenge.example.com',
        value: 'a'.repeat(17 * 1024),
      }).expect(413);
      expect(response.body).toEqual({
        error: 'payload_too_large',
        message: expect.stringMatching(
          /^the request body is too large: \d+ bytes declared, at most 16384 accepted$/,
        ),
      });
    });

    it('415 for other content types', async () => {
      const response = await testApp.http
        .post('/present')
        .set('Authorization', alice.basic)
        .set('Content-Type', 'text/plain')
        .send('fqdn=x')
        .expect(415);
      expect(response.body).toEqual({
        error: 'unsupported_media_type',
        message: 'send the body as application/json (or a form); got "text/plain"',
      });
    });

    it('405 with Allow: POST for other methods', async () => {
      for (const method of ['get', 'put', 'delete', 'patch'] as const) {
        const response = await testApp.http[method]('/cleanup').expect(405);
        expect(response.headers.allow).toBe('POST');
        expect(response.body).toEqual({ error: 'method_not_allowed', message: 'use POST' });
      }
    });
  });

  describe('under concurrency', () => {
    it('lands 32 concurrent presents exactly once each, in fewer commits, then removes them all', async () => {
      const names = Array.from({ length: 32 }, (_, i) => `c${i}.example.org`);
      const values = names.map(() => value());
      const commits = await commitCount(remote);
      const presented = await Promise.all(
        names.map((name, i) => present({ fqdn: `_acme-challenge.${name}`, value: values[i] })),
      );
      expect(presented.map((response) => response.status)).toEqual(names.map(() => 204));
      const zone = await remoteZone(remote, 'example.org');
      names.forEach((name, i) => {
        expect(txtLines(zone, `_acme-challenge.${name.replace('.example.org', '')}`)).toEqual([
          values[i],
        ]);
      });
      const presentCommits = (await commitCount(remote)) - commits;
      expect(presentCommits).toBeGreaterThanOrEqual(1);
      expect(presentCommits).toBeLessThan(32);

      const cleaned = await Promise.all(
        names.map((name, i) => cleanup({ fqdn: `_acme-challenge.${name}`, value: values[i] })),
      );
      expect(cleaned.map((response) => response.status)).toEqual(names.map(() => 204));
      const after = await remoteZone(remote, 'example.org');
      for (const v of values) expect(after).not.toContain(v);
    });
  });

  describe('when the repository goes away', () => {
    it('answers 503 with Retry-After, writes nothing, and recovers when it is back', async () => {
      const v = value();
      const before = await remoteZone(remote, 'example.com');
      await rename(remote, `${remote}.away`);
      try {
        const response = await present({
          fqdn: '_acme-challenge.gone.example.com',
          value: v,
        }).expect(503);
        expect(response.headers['retry-after']).toBe('5');
        expect(response.body).toEqual({
          error: 'repository_unavailable',
          message: 'the zone repository could not be reached; retry later',
        });
        const ready = await testApp.http.get('/health/ready').expect(503);
        // Which check fails, not where the repository is nor what git said: that is in the log.
        expect(ready.body.checks).toEqual({ database: 'ok', repository: 'unreachable' });
      } finally {
        await rename(`${remote}.away`, remote);
      }
      expect(await remoteZone(remote, 'example.com')).toBe(before);
      await testApp.http.get('/health/ready').expect(200);
      await present({ fqdn: '_acme-challenge.back.example.com', value: v }).expect(204);
      const zone = await remoteZone(remote, 'example.com');
      expect(txtLines(zone, '_acme-challenge.back')).toEqual([v]);
      expect(txtLines(zone, '_acme-challenge.gone')).toEqual([]);
    });
  });
});
