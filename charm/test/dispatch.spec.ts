import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { type DispatchResult, type HarnessEvent, events, newSecretId } from '@hlp/juju/testing';

import { acmeDnsUpdate, present } from './helpers/lego-client';
import { generateSshKey, type SshKeyPair } from './helpers/ssh-key';
import { WORKLOAD_DIR } from './helpers/paths';
import { SshServer } from './helpers/ssh-server';
import {
  type SourceDatabase,
  createSourceDatabase,
  newestMigration,
} from './helpers/test-database';
import { type TestModel, TestModel as Model, type TestUnit } from './helpers/test-model';

const CONTAINER = 'httprequest-lego-provider';
// The Python service's tables exactly as Django creates them on PostgreSQL, with sample users
// (alice / alice-password-1 may manage example.com), as the workload's own takeover test uses.
const DJANGO_SCHEMA = join(WORKLOAD_DIR, 'test', 'fixtures', 'python-service-schema.sql');
// The import's source is the Python charm's PostgreSQL database; CI always has one.
const withPostgres = process.env.TEST_POSTGRES_URL || process.env.CI === 'true' ? it : it.skip;
if (withPostgres === it.skip) {
  process.stderr.write(
    '[tests] skipped charm dispatch import-django: TEST_POSTGRES_URL is not set (Debian package postgresql)\n',
  );
}
// One step moves the repository to a real sshd; the key comes from ssh-keygen. Without them the
// spec skips on a developer's machine (one line says what to install); CI always has them.
const SSH_TOOLS = ['/usr/sbin/sshd', '/usr/bin/ssh', '/usr/bin/ssh-keygen', '/usr/bin/ssh-keyscan'];
const missingSshTools = SSH_TOOLS.filter((tool) => !existsSync(tool));
const describeWithSsh =
  missingSshTools.length === 0 || process.env.CI === 'true' ? describe : describe.skip;
if (describeWithSsh === describe.skip) {
  process.stderr.write(
    `[tests] skipped charm/test/dispatch.spec.ts: ${missingSshTools.join(', ')} missing (apt-get install openssh-server openssh-client)\n`,
  );
}
const FQDN = '_acme-challenge.www.example.com.';
const KNOWN_HOSTS =
  'git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOB8fLZ01U1EYVn3+7vYHg/yUWncyqTtPEVbKgGG9iJ2\n';

/**
 * The packed charm run as Juju runs it (its dispatch, one process per event, hook tools on
 * PATH, Pebble on a socket), with the real workload started from the layer it wrote. The
 * in-process specs carry the cases; these few prove the pieces fit. The steps depend on each other.
 */
describeWithSsh('the packed charm through dispatch, with the real workload', () => {
  let model: TestModel;
  let unit: TestUnit;
  let key: SshKeyPair;
  let sshd: SshServer;
  let source: SourceDatabase | undefined;
  /** lego-bot's, from create-user: it may present for FQDN. */
  let password: string;
  const keySecretId = newSecretId();

  const fileInContainer = (name: string) => join(unit.dataDir, 'charm', name);

  /**
   * Dispatches the event, then update-status while the unit waits for the workload to answer:
   * a loaded machine may need more than the hook's 30 s to start it, and Juju's update-status
   * is what reports it then. No time window: the test's own timeout is the only bound.
   */
  const dispatchUntilReady = async (event: HarnessEvent): Promise<DispatchResult> => {
    let result = await unit.dispatch(event);
    while (result.state.unitStatus.message.startsWith('waiting for the service to be ready')) {
      result = await unit.dispatch(events.updateStatus());
    }
    return result;
  };

  beforeAll(async () => {
    model = await Model.create();
    key = generateSshKey(model.dir);
    sshd = await SshServer.start(join(model.dir, 'sshd'), key.publicKey);
    unit = await model.addUnit({
      config: {
        'git-repo': model.zoneRepository,
        'git-ssh-key-secret-id': keySecretId,
        'git-known-hosts': KNOWN_HOSTS,
      },
      state: {
        secrets: [{ id: keySecretId, owner: 'remote', content: { value: key.privateKey } }],
      },
    });
  });

  afterAll(async () => {
    await sshd.stop();
    await model.destroy();
    await source?.drop();
  });

  it('pebble-ready: files on disk, the workload migrated, started and answering, Active', async () => {
    const result = await dispatchUntilReady(events.pebbleReady(CONTAINER));

    expect(result.exitCode).toBe(0);
    expect(result.state.unitStatus).toEqual({ status: 'active', message: '' });
    const keyFile = fileInContainer('git-ssh-key');
    expect(await readFile(unit.pebble.hostPath(keyFile), 'utf8')).toBe(key.privateKey);
    expect(statSync(unit.pebble.hostPath(keyFile)).mode & 0o777).toBe(0o600);
    expect(unit.pebble.ownershipOf(keyFile)).toEqual({ user: '_daemon_', group: '_daemon_' });
    expect(unit.environment().DATABASE_URL).toMatch(
      model.database.engine === 'postgres' ? /^postgresql:\/\// : /^sqlite:/,
    );
    expect(unit.pebble.isServiceRunning(CONTAINER)).toBe(true);
    expect(await unit.readyStatus()).toBe(200);
    expect(result.state.openedPorts).toEqual([`${unit.port}/tcp`]);
    expect(result.state.applicationVersion).toBe('0.1.0');
    expect(result.state.unitState['migrated-schema']).toMatch(
      new RegExp(` ${newestMigration(model.database.engine)}$`),
    );
    expect(unit.starts()).toBe(1);
  });

  it('git-repo moved to SSH without git-known-hosts: the real sshd scanned, trusted, cloned from, one restart', async () => {
    const repository = `git+ssh://${sshd.user}@127.0.0.1:${sshd.port}${model.zoneRepository}@main`;
    unit.harness.update((state) => {
      state.config['git-repo'] = repository;
      state.config['git-known-hosts'] = '';
    });

    const result = await dispatchUntilReady(events.configChanged());

    expect(result.state.unitStatus).toEqual({
      status: 'active',
      message: `trusting the scanned SSH host keys of [127.0.0.1]:${sshd.port}: set git-known-hosts to pin them`,
    });
    const knownHosts = await readFile(
      unit.pebble.hostPath(fileInContainer('git-known-hosts')),
      'utf8',
    );
    expect(knownHosts.trim().split('\n').sort()).toEqual(sshd.knownHostsLines);
    // The Python charm's form, branch included, as the workload reads it.
    expect(unit.environment().HLP_GIT_REPO).toBe(repository);
    expect(unit.starts()).toBe(2);
    expect(await unit.readyStatus()).toBe(200);
  });

  it('actions run the workload CLI through Pebble exec: a user lego may then present with', async () => {
    const created = await unit.dispatch(events.action('create-user', { username: 'lego-bot' }));
    password = String(created.state.action?.results.password);

    expect(created.exitCode).toBe(0);
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Valid credentials without a grant: refused for the name, not for the password.
    expect(await present(unit, 'lego-bot', password, FQDN)).toBe(403);

    const allowed = await unit.dispatch(
      events.action('allow-domains', { username: 'lego-bot', domains: 'www.example.com' }),
    );

    expect(allowed.state.action?.results).toEqual({
      result: 'Successfully granted access to all domains.',
      username: 'lego-bot',
      domains: 'www.example.com',
    });
    expect(await present(unit, 'lego-bot', password, FQDN)).toBe(204);
    const serviceLog = await readFile(join(unit.pebble.logsDir, `${CONTAINER}.log`), 'utf8');
    expect(JSON.stringify(allowed.state.logs)).not.toContain(password);
    expect(serviceLog).not.toContain(password);
  });

  it('restrict-networks through the CLI: 403 from elsewhere, and any=true lifts it', async () => {
    const restricted = await unit.dispatch(
      events.action('restrict-networks', { username: 'lego-bot', networks: '10.0.0.0/8' }),
    );

    expect(restricted.state.action?.results).toEqual({
      result: '"lego-bot" may connect only from 10.0.0.0/8.',
      username: 'lego-bot',
      networks: '10.0.0.0/8',
    });
    expect(await present(unit, 'lego-bot', password, FQDN)).toBe(403);

    const lifted = await unit.dispatch(
      events.action('restrict-networks', { username: 'lego-bot', any: true }),
    );

    expect(lifted.state.action?.results).toMatchObject({
      result: '"lego-bot" may connect from anywhere.',
    });
    expect(await present(unit, 'lego-bot', password, FQDN)).toBe(204);
  });

  withPostgres(
    'import-django: the Python service’s users, from Django’s own tables, present',
    async () => {
      source = await createSourceDatabase(readFileSync(DJANGO_SCHEMA, 'utf8'));
      const sourceSecretId = newSecretId();
      // `juju add-secret django-db uri=…` and `juju grant-secret django-db httprequest-lego-provider`.
      unit.harness.update((state) => {
        state.secrets.push({
          id: sourceSecretId,
          owner: 'remote',
          revisions: [{ revision: 1, content: { uri: source?.url ?? '' } }],
          grants: [],
        });
      });

      const imported = await unit.dispatch(
        events.action('import-django', { 'source-secret-id': sourceSecretId }),
      );

      expect(imported.state.action?.results).toEqual({
        result: [
          'Users: 3 created, 0 updated, 0 unchanged, 0 skipped',
          // www.example.com is there already: lego-bot's, from allow-domains above.
          'Domains: 2 created, 0 updated, 1 unchanged, 0 skipped',
          'Grants: 3 created, 0 updated, 0 unchanged, 0 skipped',
        ].join('\n'),
        'dry-run': 'false',
      });
      expect(await present(unit, 'alice', 'alice-password-1', '_acme-challenge.example.com.')).toBe(
        204,
      );
    },
  );

  it('acme-dns-zone set, register-acme-dns-account: the account updates its TXT record in the zone repository', async () => {
    unit.harness.update((state) => {
      state.config['acme-dns-zone'] = 'example.com';
    });

    const configured = await dispatchUntilReady(events.configChanged());
    const registered = await unit.dispatch(
      events.action('register-acme-dns-account', { domain: 'www.example.com' }),
    );

    expect(configured.state.unitStatus.status).toBe('active');
    expect(unit.environment().HLP_ACMEDNS_ZONE).toBe('example.com');
    const results = registered.state.action?.results ?? {};
    const storage = JSON.parse(String(results['storage-json'])) as Record<string, unknown>;
    const account = {
      username: String(results.username),
      password: String(results.password),
      subdomain: String(results.subdomain),
    };
    expect(storage).toEqual({
      'www.example.com': { ...account, fulldomain: results.fulldomain, allowfrom: [] },
    });
    expect(results.fulldomain).toBe(`${account.subdomain}.example.com`);
    expect(results.result).toBe(
      `Registered "${account.username}": point _acme-challenge.www.example.com (CNAME) at ${account.subdomain}.example.com.`,
    );

    const txt = 'LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM';
    expect(await acmeDnsUpdate(unit, account, txt)).toEqual({ status: 200, body: { txt } });
    const zone = execFileSync('git', ['show', 'main:example.com.domain'], {
      cwd: model.zoneRepository,
      encoding: 'utf8',
    });
    expect(zone).toMatch(new RegExp(`^${account.subdomain}\\b.*\\bTXT\\s+"${txt}"$`, 'm'));
  });
});
