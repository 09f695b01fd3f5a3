import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PebbleClient } from '@hlp/juju';
import { events } from '@hlp/juju/testing';

import { present } from './helpers/lego-client';
import { WORKLOAD_DIR } from './helpers/paths';
import { type TestModel, TestModel as Model, type TestUnit } from './helpers/test-model';

const SERVICE = 'httprequest-lego-provider';

/** The workload's CLI run directly with the service's environment, as an operator would in the container. */
function cli(unit: TestUnit, args: readonly string[]): string {
  return execFileSync(process.execPath, [join(WORKLOAD_DIR, 'dist', 'main.js'), ...args], {
    cwd: unit.dataDir,
    env: { PATH: process.env.PATH, ...unit.environment() },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('actions run the workload CLI in the container, through Pebble exec', () => {
  let model: TestModel;
  let unit: TestUnit;

  const run = async (name: string, params: Record<string, string> = {}) => {
    const result = await unit.dispatch(events.action(name, params));
    expect(result.exitCode).toBe(0);
    return result.state.action;
  };

  beforeAll(async () => {
    model = await Model.create();
    unit = await model.addUnit();
    const result = await unit.dispatch(events.configChanged());
    expect(result.state.unitStatus).toEqual({ status: 'active', message: '' });
  });

  afterAll(() => model.destroy());

  /** lego-bot's password, as the last create-user returned it. */
  let botPassword = '';

  describe('create-user', () => {
    it("creates the user with a generated password, in the Python charm's words", async () => {
      const action = await run('create-user', { username: 'lego-bot' });

      expect(action?.failureMessage).toBeUndefined();
      const password = String(action?.results.password);
      expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(action?.results).toEqual({
        result: `Created or updated "lego-bot" with password "${password}"`,
        username: 'lego-bot',
        password,
        created: 'true',
      });
      // Valid credentials without a grant: refused for the name, not for the password.
      expect(await present(unit, 'lego-bot', password, '_acme-challenge.example.com.')).toBe(403);
      botPassword = password;
    });

    it('on an existing user, sets a new password, returns it and says it replaced one', async () => {
      const action = await run('create-user', { username: 'lego-bot' });

      const password = String(action?.results.password);
      expect(password).not.toBe(botPassword);
      expect(action?.results).toMatchObject({
        result: `Created or updated "lego-bot" with password "${password}" (it replaced the previous password)`,
        created: 'false',
      });
      expect(await present(unit, 'lego-bot', botPassword, '_acme-challenge.example.com.')).toBe(
        401,
      );
      expect(await present(unit, 'lego-bot', password, '_acme-challenge.example.com.')).toBe(403);
      botPassword = password;
    });

    it("keeps passwords out of the charm's and the service's logs", () => {
      const charmLog = JSON.stringify(unit.harness.state.logs);
      const serviceLog = readFileSync(join(unit.pebble.logsDir, `${SERVICE}.log`), 'utf8');

      expect(charmLog).not.toContain(botPassword);
      expect(serviceLog).not.toContain(botPassword);
    });

    it('fails with what the CLI said for a name it refuses', async () => {
      const action = await run('create-user', { username: 'bad user' });

      expect(action?.failureMessage).toBe(
        'cannot create or update "bad user": "bad user" is not a valid username: use 1 to 150 letters, digits and . @ + - _',
      );
    });
  });

  it('create-superuser without an address, or with a bad name, fails and says why', async () => {
    const withoutEmail = await run('create-superuser', { username: 'admin' });
    const badName = await run('create-superuser', { username: 'the admin', email: 'a@b.c' });

    expect(withoutEmail?.failureMessage).toBe('the email parameter is required');
    expect(badName?.failureMessage).toBe(
      'cannot create or update "the admin": "the admin" is not a valid username: use 1 to 150 letters, digits and . @ + - _',
    );
  });

  it('create-superuser: an administrator with a generated password', async () => {
    const action = await run('create-superuser', { username: 'admin', email: 'admin@example.com' });

    const password = String(action?.results.password);
    expect(action?.results).toEqual({
      result: `Created or updated admin user "admin" with password "${password}"`,
      username: 'admin',
      password,
      created: 'true',
    });
    expect(await present(unit, 'admin', password, '_acme-challenge.example.com.')).toBe(403);
  });

  describe('allow-domains, list-domains, revoke-domains', () => {
    it('allow-domains: the Python text, the grants in structured keys, and lego may now present', async () => {
      const action = await run('allow-domains', {
        username: 'lego-bot',
        domains: 'example.com, www.example.com',
        subdomains: 'example.com',
      });

      expect(action?.results).toEqual({
        result: 'Successfully granted access to all domains.',
        username: 'lego-bot',
        domains: 'example.com,www.example.com',
        subdomains: 'example.com',
      });
      expect(await present(unit, 'lego-bot', botPassword, '_acme-challenge.www.example.com.')).toBe(
        204,
      );
    });

    it('allow-domains again: the grants held already are noted, not refused', async () => {
      const action = await run('allow-domains', { username: 'lego-bot', domains: 'example.com' });

      expect(action?.results).toMatchObject({
        result: 'Successfully granted access to all domains.',
        notes: 'note: "lego-bot" already had domain access to example.com',
      });
    });

    it('allow-domains without domains or subdomains fails, as in the Python charm', async () => {
      const action = await run('allow-domains', { username: 'lego-bot' });

      expect(action?.failureMessage).toBe(
        "At least one of 'domains' or 'subdomains' must be provided.",
      );
    });

    it("allow-domains for an unknown user fails with the CLI's message", async () => {
      const action = await run('allow-domains', { username: 'nobody', domains: 'example.org' });

      expect(action?.failureMessage).toBe(
        'cannot grant access to "nobody": User "nobody" does not exist',
      );
    });

    it('list-domains: the Python layout, exactly what the CLI prints, plus the grants as JSON', async () => {
      const action = await run('list-domains', { username: 'lego-bot' });

      expect(action?.results.result).toBe(
        '\nlego-bot:\n    domains:\n        example.com, www.example.com\n    subdomains:\n        example.com\n',
      );
      expect(action?.results.result).toBe(cli(unit, ['list-domains', 'lego-bot']));
      expect(JSON.parse(String(action?.results.grants))).toEqual([
        {
          username: 'lego-bot',
          domains: ['example.com', 'www.example.com'],
          subdomains: ['example.com'],
        },
      ]);
    });

    it("list-domains '*': every user", async () => {
      const action = await run('list-domains', { username: '*' });

      expect(action?.results.result).toBe(cli(unit, ['list-domains', '*']));
      expect(action?.results.result).toContain('\nadmin:\n');
      expect(action?.results.result).toContain('\nlego-bot:\n');
    });

    it('revoke-domains: the Python text; revoking what is not granted fails and changes nothing', async () => {
      const revoked = await run('revoke-domains', {
        username: 'lego-bot',
        domains: 'www.example.com',
      });

      expect(revoked?.results).toEqual({
        result: 'Successfully removed access to the domains.',
        username: 'lego-bot',
        domains: 'www.example.com',
      });

      const failed = await run('revoke-domains', {
        username: 'lego-bot',
        domains: 'example.com',
        subdomains: 'example.net',
      });

      expect(failed?.failureMessage).toBe(
        'cannot revoke access from "lego-bot": Failed to revoke access to the following domains (nothing was changed):\n[Domain: example.net, Access: subdomain] Domain does not exist.',
      );
      expect(cli(unit, ['list-domains', 'lego-bot'])).toContain('example.com');
    });
  });

  describe('when the service is not ready', () => {
    it('fails with a clear message and runs nothing', async () => {
      const pebble = new PebbleClient({ socketPath: unit.pebble.socketPath });
      await pebble.stopServices([SERVICE]);
      try {
        const action = await run('create-user', { username: 'late' });

        expect(action?.failureMessage).toBe(
          'the service is not ready (the service is inactive): nothing was run; try again once `juju status` shows the unit active',
        );
        expect(action?.results).toEqual({});
      } finally {
        await pebble.startServices([SERVICE]);
      }
      expect(() => cli(unit, ['list-domains', 'late'])).toThrow(/User "late" does not exist/);
    });

    it('fails on a unit the charm has not configured yet', async () => {
      const other = await model.addUnit({ number: 1, leader: true, database: false });

      const listed = await other.dispatch(events.action('list-domains', { username: '*' }));
      const rotated = await other.dispatch(events.action('rotate-secret-key'));

      expect(listed.state.action?.failureMessage).toBe(
        'the service is not ready (the charm has not configured it yet): nothing was run; try again once `juju status` shows the unit active',
      );
      // The Python charm's words, before the leader has made the key.
      expect(rotated.state.action?.failureMessage).toBe('charm is still initializing');
    });
  });
});
