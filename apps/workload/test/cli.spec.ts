import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { loadConfig } from '@hlp/config';
import { User } from '../src/accounts/user.entity';
import { dataSourceOptions } from '../src/database/data-source-options';
import { POSTGRES_MIGRATIONS } from '../src/database/migrations/postgres';
import { SQLITE_MIGRATIONS } from '../src/database/migrations/sqlite';
import { DomainPermission } from '../src/domains/domain-permission.entity';
import { cli } from './support/cli';
import { ENGINES } from './support/databases';
import { createTestEnvironment, type TestEnvironment } from './support/test-app';
import { matchesStoredHash } from './support/users';

const MAIN = join(__dirname, '..', 'dist', 'main.js');

describe.each(ENGINES)('the CLI on %s', (engine) => {
  const migrationCount = (engine === 'sqlite' ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS).length;
  let environment: TestEnvironment;
  let env: Record<string, string>;
  let dataSource: DataSource;

  const passwordOf = async (username: string) =>
    (await dataSource.getRepository(User).findOneByOrFail({ username })).passwordHash;

  beforeAll(async () => {
    environment = await createTestEnvironment(engine);
    env = environment.env;
    dataSource = new DataSource(dataSourceOptions(loadConfig(env).database));
  });

  afterAll(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await environment.cleanup();
  });

  describe('before migrating', () => {
    it('refuses to manage data, saying what to run', async () => {
      const result = await cli(['create-user', 'early'], env);
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: `error: the database has ${migrationCount} migration(s) not applied yet: run \`lego-provider migrate\` first\n`,
      });
    });
  });

  describe('migrate', () => {
    it('applies the migrations, then has nothing to do', async () => {
      const first = await cli(['migrate'], env);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(
        new RegExp(`^Applied ${migrationCount} migration\\(s\\): Initial\\d+(, [A-Za-z]+\\d+)*\n$`),
      );
      expect(await cli(['migrate'], env)).toEqual({
        code: 0,
        stdout: 'The database is up to date.\n',
        stderr: '',
      });
      await dataSource.initialize();
    });
  });

  describe('create-user', () => {
    it('generates a strong password, prints it once, and stores only its hash', async () => {
      const result = await cli(['create-user', 'alice'], env);
      expect(result.code).toBe(0);
      const match = /^Created user "alice" with password "([A-Za-z0-9_-]{24})"\n$/.exec(
        result.stdout,
      );
      expect(match).not.toBeNull();
      const stored = await passwordOf('alice');
      expect(stored).not.toContain(match![1]);
      expect(await matchesStoredHash(match![1], stored)).toBe(true);
    });

    it('sets a new password on an existing user, and says it replaced one', async () => {
      const before = await passwordOf('alice');
      const result = await cli(['create-user', 'alice'], env);
      expect(result.stdout).toMatch(
        /^Updated user "alice" with password "[A-Za-z0-9_-]{24}" \(it replaced the previous password\)\n$/,
      );
      expect(await passwordOf('alice')).not.toBe(before);
    });

    it('takes a password from standard input without printing it', async () => {
      const result = await cli(
        ['create-user', 'bob', '--password-stdin'],
        env,
        'bobs-secret-password\n',
      );
      expect(result).toEqual({
        code: 0,
        stdout: 'Created user "bob" with the password given on standard input\n',
        stderr: '',
      });
      expect(await matchesStoredHash('bobs-secret-password', await passwordOf('bob'))).toBe(true);
    });

    it('prints JSON on request', async () => {
      const result = await cli(
        ['create-user', 'json-user', '--json', '--email', 'j@example.com'],
        env,
      );
      expect(JSON.parse(result.stdout)).toEqual({
        username: 'json-user',
        created: true,
        admin: false,
        password: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
      });
    });

    it.each([
      [
        ['create-user', 'bad name'],
        '',
        'error: "bad name" is not a valid username: use 1 to 150 letters, digits and . @ + - _\n',
      ],
      [['create-user', 'x'.repeat(151)], '', /is not a valid username/],
      [
        ['create-user', 'ALICE'],
        '',
        'error: A user with that username already exists: "alice" (usernames must differ by more than case).\n',
      ],
      [
        ['create-user', 'shorty', '--password-stdin'],
        'short\n',
        'error: the password must be at least 12 characters long\n',
      ],
    ])('refuses %j', async (args, stdin, message) => {
      const result = await cli(args as string[], env, stdin);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      if (typeof message === 'string') expect(result.stderr).toBe(message);
      else expect(result.stderr).toMatch(message);
    });
  });

  describe('create-superuser', () => {
    it('creates an admin with an e-mail address', async () => {
      const result = await cli(['create-superuser', 'root', '--email', 'root@example.com'], env);
      expect(result.stdout).toMatch(
        /^Created admin user "root" with password "[A-Za-z0-9_-]{24}"\n$/,
      );
      const root = await dataSource.getRepository(User).findOneByOrFail({ username: 'root' });
      expect(root).toMatchObject({ isAdmin: true, isActive: true, email: 'root@example.com' });
    });

    it('makes an existing user an admin', async () => {
      await cli(['create-superuser', 'bob', '--password-stdin'], env, 'bobs-new-password!\n');
      const bob = await dataSource.getRepository(User).findOneByOrFail({ username: 'bob' });
      expect(bob.isAdmin).toBe(true);
      expect(await matchesStoredHash('bobs-new-password!', bob.passwordHash)).toBe(true);
    });
  });

  describe('allow-domains, list-domains, revoke-domains', () => {
    it('grants domains and subdomains, normalising names', async () => {
      const result = await cli(
        [
          'allow-domains',
          'alice',
          '--domains',
          'Example.com,www.example.com.',
          '--subdomains',
          'example.org',
        ],
        env,
      );
      expect(result).toEqual({
        code: 0,
        stdout: 'Successfully granted access to all domains.\n',
        stderr: '',
      });
      expect(await cli(['list-domains', 'alice'], env)).toEqual({
        code: 0,
        stdout:
          '\nalice:\n    domains:\n        example.com, www.example.com\n    subdomains:\n        example.org\n',
        stderr: '',
      });
    });

    it('treats a grant held already as done, and says so', async () => {
      const result = await cli(['allow-domains', 'alice', '--domains', 'example.com'], env);
      expect(result).toEqual({
        code: 0,
        stdout: 'Successfully granted access to all domains.\n',
        stderr: 'note: "alice" already had domain access to example.com\n',
      });
    });

    it('grants nothing when one name is invalid, and lists every invalid one', async () => {
      const result = await cli(
        [
          'allow-domains',
          'bob',
          '--domains',
          'good.example.com,bad_name.com',
          '--subdomains',
          '-x.org',
        ],
        env,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'error: Failed to grant access to the following domains (nothing was changed):\n' +
          '[Domain: bad_name.com, Access: domain] "bad_name.com" is not a valid domain: the label "bad_name" must be 1 to 63 letters, digits or inner hyphens\n' +
          '[Domain: -x.org, Access: subdomain] "-x.org" is not a valid domain: the label "-x" must be 1 to 63 letters, digits or inner hyphens\n',
      );
      expect((await cli(['list-domains', 'bob'], env)).stdout).toBe('\nbob:\n');
    });

    it.each([
      [
        ['allow-domains', 'ghost', '--domains', 'example.com'],
        'error: User "ghost" does not exist\n',
      ],
      [['allow-domains', 'alice'], 'error: give --domains, --subdomains or both\n'],
      [['revoke-domains', 'alice'], 'error: give --domains, --subdomains or both\n'],
      [
        ['revoke-domains', 'ghost', '--domains', 'example.com'],
        'error: User "ghost" does not exist\n',
      ],
      [['list-domains', 'ghost'], 'error: User "ghost" does not exist\n'],
    ])('fails clearly for %j', async (args, stderr) => {
      expect(await cli(args, env)).toEqual({ code: 1, stdout: '', stderr });
    });

    it('revokes nothing when one grant does not exist, and lists each one', async () => {
      const result = await cli(
        [
          'revoke-domains',
          'alice',
          '--domains',
          'example.com,never.example.com',
          '--subdomains',
          'example.com',
        ],
        env,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'error: Failed to revoke access to the following domains (nothing was changed):\n' +
          '[Domain: never.example.com, Access: domain] Domain does not exist.\n' +
          '[Domain: example.com, Access: subdomain] "alice" does not have subdomain access to it.\n',
      );
      expect(await dataSource.getRepository(DomainPermission).count()).toBe(3);
    });

    it('revokes grants', async () => {
      const result = await cli(
        ['revoke-domains', 'alice', '--domains', 'WWW.example.com.', '--subdomains', 'example.org'],
        env,
      );
      expect(result).toEqual({
        code: 0,
        stdout: 'Successfully removed access to the domains.\n',
        stderr: '',
      });
      expect((await cli(['list-domains', 'alice'], env)).stdout).toBe(
        '\nalice:\n    domains:\n        example.com\n',
      );
    });

    it("lists every user with '*', and as JSON", async () => {
      await cli(
        ['allow-domains', 'bob', '--subdomains', 'example.net', '--note', 'ticket 42'],
        env,
      );
      expect((await cli(['list-domains', '*'], env)).stdout).toBe(
        '\nalice:\n    domains:\n        example.com\n' +
          '\nbob:\n    subdomains:\n        example.net\n' +
          '\njson-user:\n\nroot:\n',
      );
      expect(JSON.parse((await cli(['list-domains', 'bob', '--json'], env)).stdout)).toEqual([
        { username: 'bob', domains: [], subdomains: ['example.net'] },
      ]);
    });
  });
});

describe('the command line', () => {
  it.each([
    '',
    'serve',
    'migrate',
    'quickstart',
    'create-user',
    'create-superuser',
    'allow-domains',
    'revoke-domains',
    'list-domains',
  ])('has --help for %j', async (command) => {
    const { code, stdout } = await cli([...(command ? [command] : []), '--help'], {});
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: lego-provider ${command}`.trim());
  });

  it('exits with 2 on a usage error and names the problem', async () => {
    expect(await cli(['create-user'], {})).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("error: missing required argument 'username'"),
    });
    expect(await cli(['no-such-command'], {})).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("error: unknown command 'no-such-command'"),
    });
  });

  it('refuses to start with every bad variable named in one message', async () => {
    expect(await cli(['migrate'], { HLP_PORT: 'x', DATABASE_URL: 'mysql://a/b' })).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: cannot start: the configuration has 2 problems:\n' +
        '  - HLP_PORT: must be a whole number from 1 to 65535 (got "x")\n' +
        '  - DATABASE_URL: must be a postgresql:// URL or sqlite:<path>\n',
    });
  });
});

// The one test of the built file: main.ts hands the process's arguments and streams to the CLI
// and exits with its code.
describe('the lego-provider executable', () => {
  it('runs the command line and exits with its code', async () => {
    await expect(promisify(execFile)('node', [MAIN, 'no-such-command'])).rejects.toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining("error: unknown command 'no-such-command'"),
    });
  });
});
