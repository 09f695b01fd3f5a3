import { rename } from 'node:fs/promises';
import { txtValue as value, useChallengeApp } from './support/challenges';
import { ENGINES } from './support/databases';
import type { TestApp } from './support/test-app';
import { createUser, type TestUser } from './support/users';
import { commitCount, remoteZone, txtLines } from './support/zone-repository';

describe.each(ENGINES)('POST /present and /cleanup on %s', (engine) => {
  const { current, present } = useChallengeApp(engine);
  let testApp: TestApp;
  let remote: string;
  let alice: TestUser;
  let mallory: TestUser;

  beforeAll(() => {
    ({ testApp, remote, alice, mallory } = current());
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
