import { type State, events } from '@hlp/juju/testing';

import {
  CLI,
  ZONE_REPOSITORY,
  ctx,
  environment,
  unitState,
  withCli,
  workload,
} from './helpers/charm-state';
import { ROCK_DATA_DIR } from './helpers/rock-layer';
import { WorkloadStandIn } from './helpers/workload-stand-in';

const ZONE = 'acme.example.com';
const ACCOUNT = {
  username: 'c36f50e8-4632-44f0-83fe-e070fef28a10',
  password: 'htB9mR9DYgcu9bX_afHF62erXaH2TS7bg9KW3F7Z',
  fulldomain: `8e5700ea-a4bf-41c7-8a77-e990661dcc6a.${ZONE}`,
  subdomain: '8e5700ea-a4bf-41c7-8a77-e990661dcc6a',
  allowfrom: ['10.0.0.0/8', '2001:db8::/32'],
};
/** The line the CLI writes on stderr after a registration. */
const REGISTERED = `Registered "${ACCOUNT.username}": point _acme-challenge.example.com (CNAME) at ${ACCOUNT.fulldomain}.`;

describe('the acme-dns API: options into the environment, an action to register accounts', () => {
  let standIn: WorkloadStandIn;

  const configured = (config: Record<string, string>) =>
    ctx.run(
      events.configChanged(),
      unitState(standIn.port, { config: { 'git-repo': ZONE_REPOSITORY, ...config } }),
    );
  const cliCalls = (after: State) =>
    workload(after).execLog.filter((call) => call.command.at(-1) !== 'migrate');

  beforeAll(async () => {
    standIn = await WorkloadStandIn.start();
  });

  afterAll(() => standIn.close());

  it('off by default: no zone in the environment, registration closed', async () => {
    const after = await configured({});

    expect(after.unitStatus).toEqual({ status: 'active', message: '' });
    expect(environment(after)).not.toHaveProperty('HLP_ACMEDNS_ZONE');
    expect(environment(after)).not.toHaveProperty('HLP_ACMEDNS_REGISTRATION_NETWORKS');
    expect(environment(after).HLP_ACMEDNS_REGISTRATION).toBe('closed');
  });

  it('the zone, an open registration and its networks reach the service, as the schema writes them', async () => {
    const after = await configured({
      'acme-dns-zone': 'ACME.example.com.',
      'acme-dns-registration': 'open',
      'acme-dns-registration-networks': '10.0.0.0/8, 2001:DB8::/32',
    });

    expect(after.unitStatus).toEqual({ status: 'active', message: '' });
    expect(environment(after)).toMatchObject({
      HLP_ACMEDNS_ZONE: ZONE,
      HLP_ACMEDNS_REGISTRATION: 'open',
      HLP_ACMEDNS_REGISTRATION_NETWORKS: '10.0.0.0/8,2001:db8::/32',
    });
  });

  it('bad values: one Blocked message naming each option, and the service is not started', async () => {
    const after = await configured({
      'acme-dns-zone': 'acme',
      'acme-dns-registration': 'sometimes',
      'acme-dns-registration-networks': '10.0.0.0/33',
    });

    expect(after.unitStatus).toEqual({
      status: 'blocked',
      message: [
        'invalid acme-dns-zone: must be a DNS zone name such as acme.example.com',
        'invalid acme-dns-registration: must be one of closed, open',
        'invalid acme-dns-registration-networks: "10.0.0.0/33" is not an address or a network such as 10.0.0.0/8',
      ].join('; '),
    });
    expect(workload(after).services).toEqual({});
  });

  describe('register-acme-dns-account', () => {
    let active: State;

    beforeAll(async () => {
      active = await configured({ 'acme-dns-zone': ZONE });
      expect(active.unitStatus).toEqual({ status: 'active', message: '' });
    });

    it("for a domain: the CLI's storage file and the credentials, the CNAME to add", async () => {
      const storage = JSON.stringify({ 'example.com': ACCOUNT }, null, 2);
      const after = await ctx.run(
        events.action('register-acme-dns-account', {
          domain: ' example.com ',
          allowfrom: '10.0.0.0/8, 2001:db8::/32',
        }),
        withCli(active, () => ({ stdout: `${storage}\n`, stderr: `${REGISTERED}\n` })),
      );

      // As the service runs: its user, its directory, its environment.
      expect(cliCalls(after)).toEqual([
        {
          command: [
            ...CLI,
            'acme-dns',
            'register',
            '--domain=example.com',
            '--allow-from=10.0.0.0/8,2001:db8::/32',
          ],
          environment: environment(after),
          workingDir: ROCK_DATA_DIR,
          user: '_daemon_',
        },
      ]);
      expect(after.action?.results).toEqual({
        result: REGISTERED,
        'storage-json': storage,
        username: ACCOUNT.username,
        password: ACCOUNT.password,
        fulldomain: ACCOUNT.fulldomain,
        subdomain: ACCOUNT.subdomain,
        allowfrom: '10.0.0.0/8,2001:db8::/32',
      });
      expect(JSON.stringify(after.logs)).not.toContain(ACCOUNT.password);
    });

    it('without parameters: the account alone, with the server URL when the CLI knows it', async () => {
      const account = {
        ...ACCOUNT,
        allowfrom: [],
        server_url: 'https://lego.example.com/acme-dns',
      };
      const after = await ctx.run(
        events.action('register-acme-dns-account'),
        withCli(active, () => ({ stdout: JSON.stringify(account, null, 2), stderr: REGISTERED })),
      );

      expect(cliCalls(after).map((call) => call.command.slice(CLI.length))).toEqual([
        ['acme-dns', 'register'],
      ]);
      expect(after.action?.results).toEqual({
        result: REGISTERED,
        'storage-json': JSON.stringify(account, null, 2),
        username: ACCOUNT.username,
        password: ACCOUNT.password,
        fulldomain: ACCOUNT.fulldomain,
        subdomain: ACCOUNT.subdomain,
        'server-url': 'https://lego.example.com/acme-dns',
      });
    });

    it("a network the CLI refuses: fails with the CLI's words", async () => {
      const after = await ctx.run(
        events.action('register-acme-dns-account', { allowfrom: '10.0.0.0/33' }),
        withCli(active, () => ({
          exitCode: 1,
          stderr: 'error: "10.0.0.0/33" is not a network in CIDR notation, such as 10.0.0.0/8\n',
        })),
      );

      expect(after.action?.failureMessage).toBe(
        'cannot register an acme-dns account: "10.0.0.0/33" is not a network in CIDR notation, such as 10.0.0.0/8',
      );
    });

    it('an answer that is not an account: fails without repeating it (it may hold the key)', async () => {
      const after = await ctx.run(
        events.action('register-acme-dns-account'),
        withCli(active, () => ({ stdout: `password ${ACCOUNT.password}\n` })),
      );

      expect(after.action?.failureMessage).toBe(
        "an account may have been registered, but the CLI's answer could not be read: run the action again",
      );
      expect(JSON.stringify(after.logs)).not.toContain(ACCOUNT.password);
    });

    it('with the API off: fails saying which option to set, and runs nothing', async () => {
      const off = await configured({});

      const after = await ctx.run(
        events.action('register-acme-dns-account', { domain: 'example.com' }),
        withCli(off, () => ({ stdout: '{}' })),
      );

      expect(after.action?.failureMessage).toBe(
        'the acme-dns API is off: set its zone first (`juju config httprequest-lego-provider acme-dns-zone=<zone>`)',
      );
      expect(cliCalls(after)).toEqual([]);
    });
  });
});
