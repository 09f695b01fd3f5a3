import { dns01Value } from '../src/challenges/txt-value';
import { runGit } from '../src/records/git-process';
import { txtValue as value, useChallengeApp } from './support/challenges';
import { ENGINES } from './support/databases';
import type { TestApp } from './support/test-app';
import type { TestUser } from './support/users';
import { commitCount, remoteZone, txtLines } from './support/zone-repository';

describe.each(ENGINES)('what /present and /cleanup write, on %s', (engine) => {
  const { current, present, cleanup } = useChallengeApp(engine);
  let testApp: TestApp;
  let remote: string;
  let alice: TestUser;

  beforeAll(() => {
    ({ testApp, remote, alice } = current());
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
});
