import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { User } from '../src/accounts/user.entity';
import { cli } from './support/cli';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/databases';
import { describeWithPostgres } from './support/requirements';
import { createTestEnvironment, startTestApp, type TestEnvironment } from './support/test-app';

// The Python service's tables as Django creates them on PostgreSQL, with sample rows.
const SCHEMA = join(__dirname, 'fixtures', 'python-service-schema.sql');
const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/** Rows the Python service could hold that we must refuse, each with its reason. */
const AWKWARD_ROWS = `
INSERT INTO auth_user (id, password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined) VALUES
 (4, 'pbkdf2_sha256$1$x$AAAA', false, 'bad name', '', '', '', false, true, now()),
 (5, 'argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA', false, 'carol', '', '', '', false, true, now()),
 (6, 'pbkdf2_sha256$1$x$AAAA', false, 'ALICE', '', '', '', false, true, now());
INSERT INTO api_domain (id, fqdn) VALUES (4, 'bad_domain.com'), (5, '_acme-challenge.Example.NET');
INSERT INTO api_domainuserpermission (id, text, domain_id, user_id, access_level) VALUES
 (4, NULL, 4, 2, 'domain'), (5, NULL, 1, 4, 'domain'), (6, NULL, 5, 2, 'subdomain'), (7, NULL, 1, 2, 'everything'),
 (8, NULL, 2, 6, 'domain');
`;

const REPORT = [
  'Users: 4 created, 0 updated, 0 unchanged, 2 skipped',
  'Domains: 4 created, 0 updated, 0 unchanged, 1 skipped',
  'Grants: 4 created, 0 updated, 0 unchanged, 4 skipped',
  'Skipped:',
  '  user 4: "bad name" is not a valid username: use 1 to 150 letters, digits and . @ + - _',
  '  user "carol": imported, but its password cannot be checked here (argon2): give it a new one with create-user',
  '  user 6: "ALICE" differs only in case from the user "alice" (usernames must differ by more than case)',
  '  domain 4: "bad_domain.com" is not a valid domain: the label "bad_domain" must be 1 to 63 letters, digits or inner hyphens',
  '  grant 4: its domain (4) was skipped',
  '  grant 5: its user (4) was skipped',
  '  grant 7: the access level "everything" is neither domain nor subdomain',
  '  grant 8: its user (6) was skipped',
];

// The source is always PostgreSQL (the Python charm's database); the target is each of our engines.
const withPostgres = describeWithPostgres('test/takeover.spec.ts (its source is PostgreSQL)');

withPostgres('import-django: taking over the Python service', () => {
  let source: TestDatabase;
  let sourceDir: TestEnvironment;

  beforeAll(async () => {
    sourceDir = await createTestEnvironment('sqlite');
    source = await createTestDatabase('postgres', sourceDir.dir);
    const client = new Client({ connectionString: source.url });
    await client.connect();
    try {
      await client.query(readFileSync(SCHEMA, 'utf8'));
      await client.query(AWKWARD_ROWS);
    } finally {
      await client.end();
    }
  });

  afterAll(async () => {
    await source.drop();
    await sourceDir.cleanup();
  });

  describe.each(ENGINES)('into %s', (engine) => {
    let environment: TestEnvironment;

    beforeAll(async () => {
      environment = await createTestEnvironment(engine);
      expect((await cli(['migrate'], environment.env)).code).toBe(0);
    });

    afterAll(() => environment.cleanup());

    it('changes nothing in a dry run, and says what it would do', async () => {
      const result = await cli(
        ['import-django', '--from', source.url, '--dry-run'],
        environment.env,
      );
      expect(result).toEqual({
        code: 0,
        stdout: `${[...REPORT, 'Dry run: nothing was changed.'].join('\n')}\n`,
        stderr: '',
      });
      expect((await cli(['list-domains', '*'], environment.env)).stdout).toBe('');
    });

    it('imports users, domains and grants, and reports every row it left out', async () => {
      const result = await cli(['import-django', '--from', source.url], environment.env);
      expect(result).toEqual({ code: 0, stdout: `${REPORT.join('\n')}\n`, stderr: '' });
      expect((await cli(['list-domains', '*'], environment.env)).stdout).toBe(
        '\nalice:\n    domains:\n        example.com\n    subdomains:\n        example.net, example.org\n' +
          '\nbob:\n    domains:\n        www.example.com\n' +
          '\ncarol:\n\nroot:\n',
      );
    });

    it('changes nothing when run again', async () => {
      const result = await cli(['import-django', '--from', source.url, '--json'], environment.env);
      const report = JSON.parse(result.stdout);
      expect(report).toMatchObject({
        users: { created: 0, updated: 0, unchanged: 4, skipped: 2 },
        domains: { created: 0, updated: 0, unchanged: 4, skipped: 1 },
        grants: { created: 0, updated: 0, unchanged: 4, skipped: 4 },
        dryRun: false,
      });
    });

    it('lets imported users sign in with their Django passwords, upgrading the hash, and keeps flags', async () => {
      const testApp = await startTestApp(environment);
      try {
        const users = testApp.dataSource.getRepository(User);
        expect(await users.findOneByOrFail({ username: 'root' })).toMatchObject({
          isAdmin: true,
          email: 'root@example.com',
        });
        const present = (authorization: string) =>
          testApp.http
            .post('/present')
            .set('Authorization', authorization)
            .send({ fqdn: '_acme-challenge.example.com', value: 'imported-user-value' });
        await present(basic('alice', 'alice-password-1')).expect(204);
        expect((await users.findOneByOrFail({ username: 'alice' })).passwordHash).toMatch(
          /^scrypt\$/,
        );
        await present(basic('alice', 'alice-password-1')).expect(204);
        // bob is inactive in the Python service, and stays so.
        await present(basic('bob', 'bob-password-2')).expect(401);
        expect((await users.findOneByOrFail({ username: 'bob' })).passwordHash).toMatch(
          /^pbkdf2_sha256\$600000\$/,
        );
        // Importing again does not put alice's old hash back.
        const again = JSON.parse(
          (await cli(['import-django', '--from', source.url, '--json'], environment.env)).stdout,
        );
        expect(again.users).toMatchObject({ created: 0, updated: 0 });
        await present(basic('alice', 'alice-password-1')).expect(204);
      } finally {
        await testApp.close();
      }
    });
  });

  it('works inside the Python service\u2019s own database (the tables do not collide)', async () => {
    const environment = await createTestEnvironment('sqlite', {
      env: { DATABASE_URL: source.url },
    });
    try {
      expect((await cli(['migrate'], environment.env)).code).toBe(0);
      const result = await cli(['import-django', '--from', source.url], environment.env);
      expect(result).toEqual({ code: 0, stdout: `${REPORT.join('\n')}\n`, stderr: '' });
    } finally {
      await environment.cleanup();
    }
  });

  it('takes the source from standard input with --from-stdin (the charm keeps it off argv)', async () => {
    const environment = await createTestEnvironment('sqlite');
    try {
      await cli(['migrate'], environment.env);
      const dryRun = await cli(
        ['import-django', '--from-stdin', '--dry-run'],
        environment.env,
        `${source.url}\n`,
      );
      expect(dryRun).toEqual({
        code: 0,
        stdout: `${[...REPORT, 'Dry run: nothing was changed.'].join('\n')}\n`,
        stderr: '',
      });
      for (const args of [
        ['import-django'],
        ['import-django', '--from', source.url, '--from-stdin'],
      ]) {
        const wrong = await cli(args, environment.env, source.url);
        expect(wrong.code).toBe(1);
        expect(wrong.stderr).toContain('give either --from <url> or --from-stdin');
      }
    } finally {
      await environment.cleanup();
    }
  });

  it('fails clearly when the source cannot be read', async () => {
    const environment = await createTestEnvironment('sqlite');
    try {
      await cli(['migrate'], environment.env);
      const result = await cli(
        ['import-django', '--from', 'postgresql://postgres@127.0.0.1:1/none'],
        environment.env,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^error: cannot read the Python service's tables from postgresql:\/\/postgres@127\.0\.0\.1:1\/none: /,
      );
    } finally {
      await environment.cleanup();
    }
  });
});
