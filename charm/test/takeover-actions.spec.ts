import { type JsonObject } from '@hlp/juju';
import { type State, events, newSecretId } from '@hlp/juju/testing';

import { CLI, type CliAnswers, ctx, unitState, withCli, workload } from './helpers/charm-state';
import { WorkloadStandIn } from './helpers/workload-stand-in';

const REPORT = [
  'Users: 3 created, 0 updated, 0 unchanged, 0 skipped',
  'Domains: 3 created, 0 updated, 0 unchanged, 0 skipped',
  'Grants: 3 created, 0 updated, 0 unchanged, 0 skipped',
].join('\n');
const SOURCE_URL = 'postgresql://django:django-password@django-db.example.com:5432/lego';

describe('the takeover actions: restrict-networks and import-django', () => {
  let standIn: WorkloadStandIn;
  let active: State;
  const sourceSecretId = newSecretId();

  const run = (name: string, params: JsonObject, answers: CliAnswers = () => ({})) =>
    ctx.run(events.action(name, params), withCli(active, answers));
  const cliArgs = (after: State) =>
    workload(after)
      .execLog.filter((call) => call.command.at(-1) !== 'migrate')
      .map((call) => call.command.slice(CLI.length));

  beforeAll(async () => {
    standIn = await WorkloadStandIn.start();
    // `juju add-secret django-db uri=…` and `juju grant-secret django-db httprequest-lego-provider`.
    const before = unitState(standIn.port, {
      secrets: [{ id: sourceSecretId, owner: 'remote', content: { uri: SOURCE_URL } }],
    });
    active = await ctx.run(events.configChanged(), before);
    expect(active.unitStatus).toEqual({ status: 'active', message: '' });
  });

  afterAll(() => standIn.close());

  describe('restrict-networks', () => {
    it('limits a user to networks, and any=true lifts it, in the CLI’s words', async () => {
      const restricted = await run(
        'restrict-networks',
        { username: 'lego-bot', networks: '10.0.0.0/8, 2001:db8::/32' },
        () => ({ stdout: '"lego-bot" may connect only from 10.0.0.0/8, 2001:db8::/32.\n' }),
      );
      const lifted = await run('restrict-networks', { username: 'lego-bot', any: true }, () => ({
        stdout: '"lego-bot" may connect from anywhere.\n',
      }));

      expect(restricted.action?.failureMessage).toBeUndefined();
      expect(restricted.action?.results).toEqual({
        result: '"lego-bot" may connect only from 10.0.0.0/8, 2001:db8::/32.',
        username: 'lego-bot',
        networks: '10.0.0.0/8,2001:db8::/32',
      });
      expect(cliArgs(restricted)).toEqual([
        ['restrict-networks', '--networks=10.0.0.0/8,2001:db8::/32', '--', 'lego-bot'],
      ]);
      expect(lifted.action?.results).toEqual({
        result: '"lego-bot" may connect from anywhere.',
        username: 'lego-bot',
        networks: 'any',
      });
      expect(cliArgs(lifted)).toEqual([['restrict-networks', '--any', '--', 'lego-bot']]);
    });

    it('refuses networks and any together, or neither, running nothing', async () => {
      const neither: JsonObject = { username: 'lego-bot' };
      const both: JsonObject = { username: 'lego-bot', networks: '10.0.0.0/8', any: true };
      for (const params of [neither, both]) {
        const after = await run('restrict-networks', params);

        expect(after.action?.failureMessage).toBe("Give either 'networks' or 'any=true'.");
        expect(cliArgs(after)).toEqual([]);
      }
    });

    it('a malformed network: the failure is the CLI’s, naming it', async () => {
      const after = await run(
        'restrict-networks',
        { username: 'lego-bot', networks: '10.0.0.0/33' },
        () => ({ exitCode: 1, stderr: 'error: "10.0.0.0/33" is not a network (CIDR)\n' }),
      );

      expect(after.action?.failureMessage).toBe(
        'cannot restrict the networks of "lego-bot": "10.0.0.0/33" is not a network (CIDR)',
      );
    });
  });

  describe('import-django: taking over the Python charm from Juju', () => {
    it('dry-run=true: the source on stdin, the CLI’s report, nothing more', async () => {
      const after = await run(
        'import-django',
        { 'source-secret-id': sourceSecretId, 'dry-run': true },
        () => ({
          stdout: `${REPORT}\nDry run: nothing was changed.\n`,
        }),
      );

      expect(after.action?.failureMessage).toBeUndefined();
      expect(after.action?.results).toEqual({
        result: `${REPORT}\nDry run: nothing was changed.`,
        'dry-run': 'true',
      });
      const [call] = workload(after).execLog.filter((entry) => entry.command.at(-1) !== 'migrate');
      expect(call?.command.slice(CLI.length)).toEqual([
        'import-django',
        '--from-stdin',
        '--dry-run',
      ]);
      expect(call?.stdin).toBe(SOURCE_URL);
    });

    it('imports, and keeps the source database URL off every command line', async () => {
      const after = await run('import-django', { 'source-secret-id': sourceSecretId }, () => ({
        stdout: `${REPORT}\n`,
      }));

      expect(after.action?.results).toEqual({ result: REPORT, 'dry-run': 'false' });
      expect(cliArgs(after)).toEqual([['import-django', '--from-stdin']]);
      const calls = JSON.stringify(after.toolCalls);
      expect(calls).toContain(sourceSecretId);
      expect(calls).not.toContain('django-db.example.com');
    });

    it('a failing import: the CLI’s words', async () => {
      const after = await run('import-django', { 'source-secret-id': sourceSecretId }, () => ({
        exitCode: 1,
        stderr: 'error: cannot connect to the source database: password authentication failed\n',
      }));

      expect(after.action?.failureMessage).toBe(
        'cannot import from the Python service: cannot connect to the source database: password authentication failed',
      );
    });

    it('a secret the application may not read, or without a uri: the failure says what to do, nothing runs', async () => {
      const missing = await run('import-django', { 'source-secret-id': newSecretId() });
      const emptyId = newSecretId();
      const withEmpty = withCli(active, () => ({}));
      withEmpty.secrets.push({
        id: emptyId,
        owner: 'remote',
        revisions: [{ revision: 1, content: { url: SOURCE_URL } }],
        grants: [],
      });
      const empty = await ctx.run(
        events.action('import-django', { 'source-secret-id': emptyId }),
        withEmpty,
      );

      expect(missing.action?.failureMessage).toMatch(
        /^cannot read the secret secret:\S+ \(ERROR secret "secret:\S+" not found\): grant it with `juju grant-secret <secret> httprequest-lego-provider`$/,
      );
      expect(empty.action?.failureMessage).toBe(
        `the secret ${emptyId} has no "uri" field: create it with \`juju add-secret <name> uri=postgresql://<user>:<password>@<host>:5432/<database>\``,
      );
      expect([...cliArgs(missing), ...cliArgs(empty)]).toEqual([]);
    });
  });
});
