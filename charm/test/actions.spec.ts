import { type State, events } from '@hlp/juju/testing';

import {
  CLI,
  type CliAnswers,
  ctx,
  environment,
  unitState,
  withCli,
  workload,
} from './helpers/charm-state';
import { ROCK_DATA_DIR } from './helpers/rock-layer';
import { READY, WorkloadStandIn } from './helpers/workload-stand-in';

const SERVICE = 'httprequest-lego-provider';
const BAD_NAME = 'is not a valid username: use 1 to 150 letters, digits and . @ + - _';

/** The CLI's refusal: `error: …` on stderr and exit code 1, as commander prints it. */
const refuse = (message: string) => ({ exitCode: 1, stderr: `error: ${message}\n` });

describe('actions run the workload CLI in the container, through Pebble exec', () => {
  let standIn: WorkloadStandIn;
  let active: State;

  /** Runs an action on the active unit whose CLI answers with `answers`. */
  const run = (name: string, params: Record<string, string>, answers: CliAnswers) =>
    ctx.run(events.action(name, params), withCli(active, answers));
  const cliCalls = (after: State) =>
    workload(after).execLog.filter((call) => call.command.at(-1) !== 'migrate');

  beforeAll(async () => {
    standIn = await WorkloadStandIn.start();
    active = await ctx.run(events.configChanged(), unitState(standIn.port));
    expect(active.unitStatus).toEqual({ status: 'active', message: '' });
  });

  afterAll(() => standIn.close());

  describe('create-user', () => {
    it("creates the user with a generated password, given on stdin, in the Python charm's words", async () => {
      const after = await run('create-user', { username: 'lego-bot' }, () => ({
        stdout: '{"created":true}\n',
      }));

      const password = String(after.action?.results.password);
      expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(after.action?.results).toEqual({
        result: `Created or updated "lego-bot" with password "${password}"`,
        username: 'lego-bot',
        password,
        created: 'true',
      });
      // As the service runs: its user, its directory, its environment; the password on stdin only.
      expect(cliCalls(after)).toEqual([
        {
          command: [...CLI, 'create-user', '--password-stdin', '--json', '--', 'lego-bot'],
          environment: environment(after),
          workingDir: ROCK_DATA_DIR,
          user: '_daemon_',
          stdin: password,
        },
      ]);
      // Kept out of the charm's log.
      expect(JSON.stringify(after.logs)).not.toContain(password);
    });

    it('on an existing user, sets a new password, returns it and says it replaced one', async () => {
      const after = await run('create-user', { username: 'lego-bot' }, () => ({
        stdout: '{"created":false}\n',
      }));

      const password = String(after.action?.results.password);
      expect(after.action?.results).toMatchObject({
        result: `Created or updated "lego-bot" with password "${password}" (it replaced the previous password)`,
        created: 'false',
      });
    });

    it('fails with what the CLI said for a name it refuses', async () => {
      const after = await run('create-user', { username: 'bad user' }, () =>
        refuse(`"bad user" ${BAD_NAME}\n(run with --help for usage)`),
      );

      expect(after.action?.failureMessage).toBe(
        `cannot create or update "bad user": "bad user" ${BAD_NAME}`,
      );
    });

    it("says so when the user was saved but the CLI's answer cannot be read", async () => {
      const after = await run('create-user', { username: 'lego-bot' }, () => ({
        stdout: 'saved\n',
      }));

      expect(after.action?.failureMessage).toBe(
        `"lego-bot" was saved, but the CLI's answer could not be read: saved`,
      );
    });
  });

  it('create-superuser without an address, or with a bad name, fails and says why', async () => {
    const withoutEmail = await run('create-superuser', { username: 'admin' }, () => ({}));
    const badName = await run('create-superuser', { username: 'the admin', email: 'a@b.c' }, () =>
      refuse(`"the admin" ${BAD_NAME}`),
    );

    expect(withoutEmail.action?.failureMessage).toBe('the email parameter is required');
    expect(cliCalls(withoutEmail)).toEqual([]);
    expect(badName.action?.failureMessage).toBe(
      `cannot create or update "the admin": "the admin" ${BAD_NAME}`,
    );
  });

  it('create-superuser: an administrator with a generated password', async () => {
    const after = await run(
      'create-superuser',
      { username: 'admin', email: 'admin@example.com' },
      () => ({ stdout: '{"created":true}' }),
    );

    const password = String(after.action?.results.password);
    expect(after.action?.results).toEqual({
      result: `Created or updated admin user "admin" with password "${password}"`,
      username: 'admin',
      password,
      created: 'true',
    });
    expect(cliCalls(after).map((call) => call.command.slice(CLI.length))).toEqual([
      [
        'create-superuser',
        '--password-stdin',
        '--json',
        '--email=admin@example.com',
        '--',
        'admin',
      ],
    ]);
  });

  describe('allow-domains, list-domains, revoke-domains', () => {
    it('allow-domains: the grants as the CLI takes them, its text, and the grants in structured keys', async () => {
      const after = await run(
        'allow-domains',
        {
          username: 'lego-bot',
          domains: 'example.com, www.example.com',
          subdomains: 'example.com',
        },
        () => ({ stdout: 'Successfully granted access to all domains.\n' }),
      );

      expect(cliCalls(after).map((call) => call.command.slice(CLI.length))).toEqual([
        [
          'allow-domains',
          '--domains=example.com,www.example.com',
          '--subdomains=example.com',
          '--',
          'lego-bot',
        ],
      ]);
      expect(after.action?.results).toEqual({
        result: 'Successfully granted access to all domains.',
        username: 'lego-bot',
        domains: 'example.com,www.example.com',
        subdomains: 'example.com',
      });
    });

    it('allow-domains again: what the CLI notes on stderr becomes notes, not a failure', async () => {
      const after = await run(
        'allow-domains',
        { username: 'lego-bot', domains: 'example.com' },
        () => ({
          stdout: 'Successfully granted access to all domains.\n',
          stderr: 'note: "lego-bot" already had domain access to example.com\n',
        }),
      );

      expect(after.action?.results).toMatchObject({
        result: 'Successfully granted access to all domains.',
        notes: 'note: "lego-bot" already had domain access to example.com',
      });
    });

    it('allow-domains without domains or subdomains fails, as in the Python charm, running nothing', async () => {
      const after = await run('allow-domains', { username: 'lego-bot' }, () => ({}));

      expect(after.action?.failureMessage).toBe(
        "At least one of 'domains' or 'subdomains' must be provided.",
      );
      expect(cliCalls(after)).toEqual([]);
    });

    it("allow-domains for an unknown user fails with the CLI's message", async () => {
      const after = await run('allow-domains', { username: 'nobody', domains: 'example.org' }, () =>
        refuse('User "nobody" does not exist'),
      );

      expect(after.action?.failureMessage).toBe(
        'cannot grant access to "nobody": User "nobody" does not exist',
      );
    });

    it('list-domains: exactly what the CLI prints, plus the grants as JSON', async () => {
      const text = '\nlego-bot:\n    domains:\n        example.com\n    subdomains:\n        \n';
      const grants = [{ username: 'lego-bot', domains: ['example.com'], subdomains: [] }];
      const after = await run('list-domains', { username: '*' }, (args) =>
        args.includes('--json')
          ? { stdout: `${JSON.stringify(grants, null, 2)}\n` }
          : { stdout: text },
      );

      expect(cliCalls(after).map((call) => call.command.slice(CLI.length))).toEqual([
        ['list-domains', '--', '*'],
        ['list-domains', '--json', '--', '*'],
      ]);
      expect(after.action?.results).toEqual({ result: text, grants: JSON.stringify(grants) });
    });

    it('revoke-domains: the CLI text; a refusal keeps its lines', async () => {
      const revoked = await run(
        'revoke-domains',
        { username: 'lego-bot', domains: 'www.example.com' },
        () => ({ stdout: 'Successfully removed access to the domains.\n' }),
      );
      const failed = await run(
        'revoke-domains',
        { username: 'lego-bot', domains: 'example.com', subdomains: 'example.net' },
        () =>
          refuse(
            'Failed to revoke access to the following domains (nothing was changed):\n[Domain: example.net, Access: subdomain] Domain does not exist.',
          ),
      );

      expect(revoked.action?.results).toEqual({
        result: 'Successfully removed access to the domains.',
        username: 'lego-bot',
        domains: 'www.example.com',
      });
      expect(failed.action?.failureMessage).toBe(
        'cannot revoke access from "lego-bot": Failed to revoke access to the following domains (nothing was changed):\n[Domain: example.net, Access: subdomain] Domain does not exist.',
      );
    });
  });

  describe('when the service is not ready', () => {
    const notReady = (reason: string) =>
      `the service is not ready (${reason}): nothing was run; try again once \`juju status\` shows the unit active`;

    it('a stopped service: fails with a clear message and runs nothing', async () => {
      const stopped = withCli(active, () => ({ stdout: '{"created":true}' }));
      const service = workload(stopped).services[SERVICE];
      if (service) service.current = 'inactive';

      const after = await ctx.run(events.action('create-user', { username: 'late' }), stopped);

      expect(after.action?.failureMessage).toBe(notReady('the service is inactive'));
      expect(after.action?.results).toEqual({});
      expect(cliCalls(after)).toEqual([]);
    });

    it('a service that does not answer ready: the reason, and nothing run', async () => {
      standIn.answer = { status: 503, body: '{"checks":{"database":"unreachable"}}' };
      try {
        const after = await run('create-user', { username: 'late' }, () => ({}));

        expect(after.action?.failureMessage).toBe(notReady('database: unreachable'));
        expect(cliCalls(after)).toEqual([]);
      } finally {
        standIn.answer = READY;
      }
    });

    it('a unit the charm has not configured yet', async () => {
      const fresh = unitState(standIn.port, { number: 1, leader: true, database: false });

      const listed = await ctx.run(events.action('list-domains', { username: '*' }), fresh);
      const rotated = await ctx.run(events.action('rotate-secret-key'), fresh);

      expect(listed.action?.failureMessage).toBe(notReady('the charm has not configured it yet'));
      // The Python charm's words, before the leader has made the key.
      expect(rotated.action?.failureMessage).toBe('charm is still initializing');
    });
  });
});
