import { events } from '@hlp/juju/testing';

import { APP, DATABASE_RELATION_ID, ctx, unitState, workload } from './helpers/charm-state';

const SSH_KEY_MISSING = 'git-ssh-key-secret-id (or git-ssh-key)';
const PORT = 8000;

// ctx.run throws when the charm exits non-zero: every case here also shows the hook succeeds.
describe('a unit that cannot run the service yet says why, and never fails the hook', () => {
  it('install, then pebble-ready, with no config: Blocked, listing every missing option and integration', async () => {
    let current = unitState(PORT, { config: {}, database: false });

    for (const event of [events.install(), events.pebbleReady('httprequest-lego-provider')]) {
      current = await ctx.run(event, current);

      expect(current.unitStatus).toEqual({
        status: 'blocked',
        message: `missing options: git-repo, ${SSH_KEY_MISSING}; missing integrations: postgresql`,
      });
      expect(current.appStatus).toEqual(current.unitStatus);
    }
    expect(workload(current).services).toEqual({});
  });

  it('a malformed git-repo: Blocked naming it, with every other bad option in the same message', async () => {
    const before = unitState(PORT, {
      config: {
        'git-repo': 'git+ssh:///zones.git@main',
        'git-known-hosts': 'not a host key line',
        'log-level': 'loud',
        'txt-ttl': 0,
      },
    });

    const after = await ctx.run(events.configChanged(), before);

    expect(after.unitStatus).toEqual({
      status: 'blocked',
      message: [
        `missing options: ${SSH_KEY_MISSING}`,
        'invalid git-repo: a git+ssh:// URL needs a host and a repository path',
        'invalid txt-ttl: must be a whole number from 1 to 2147483647',
        'invalid log-level: must be one of trace, debug, info, warn, error, fatal, silent',
        'invalid git-known-hosts: entry 1 is not "<host> <key type> <base64 key>" (known_hosts format)',
      ].join('; '),
    });
  });

  it('an SSH key that is not a private key, or given twice: Blocked naming the option', async () => {
    const before = unitState(PORT, {
      config: {
        'git-repo': 'git+ssh://git@git.example.com/zones.git@main',
        'git-ssh-key': 'ssh-ed25519 AAAA… (a public key)',
      },
    });

    const publicKey = await ctx.run(events.configChanged(), before);
    const twice = await ctx.run(events.configChanged(), {
      ...publicKey,
      config: { ...publicKey.config, 'git-ssh-key-secret-id': 'secret:cu0jv4fmp25c7bpf5lcg' },
    });

    expect(publicKey.unitStatus).toEqual({
      status: 'blocked',
      message:
        'invalid git-ssh-key: not an OpenSSH or PEM private key ("-----BEGIN … PRIVATE KEY-----")',
    });
    expect(twice.unitStatus.message).toBe(
      'invalid git-ssh-key: set only one of git-ssh-key-secret-id (preferred) and git-ssh-key',
    );
  });

  it('an SSH key secret the application may not read: Blocked, saying how to grant it', async () => {
    const before = unitState(PORT, {
      config: {
        'git-repo': 'git+ssh://git@git.example.com/zones.git@main',
        'git-ssh-key-secret-id': 'secret:cu0jv4fmp25c7bpf5lcg',
      },
    });

    const after = await ctx.run(events.configChanged(), before);

    expect(after.unitStatus.status).toBe('blocked');
    expect(after.unitStatus.message).toMatch(
      /^invalid git-ssh-key-secret-id: cannot read the secret \(.*not found.*\): grant it with `juju grant-secret <secret> <application>`$/,
    );
  });

  it('config set, no database: Blocked "missing integrations: postgresql"', async () => {
    const after = await ctx.run(events.configChanged(), unitState(PORT, { database: false }));

    expect(after.unitStatus).toEqual({
      status: 'blocked',
      message: 'missing integrations: postgresql',
    });
  });

  it('Pebble not up yet: Waiting, and the leader has already asked for the database', async () => {
    const before = unitState(PORT);
    workload(before).canConnect = false;

    const after = await ctx.run(events.configChanged(), before);

    expect(after.unitStatus).toEqual({
      status: 'waiting',
      message: 'waiting for Pebble in the httprequest-lego-provider container',
    });
    const database = after.relations.find((relation) => relation.endpoint === 'postgresql');
    expect(database?.localAppData).toEqual({
      database: APP,
      'requested-secrets': JSON.stringify([
        'username',
        'password',
        'tls',
        'tls-ca',
        'uris',
        'read-only-uris',
      ]),
    });
  });

  it('the provider has not answered yet: Waiting for the credentials', async () => {
    const before = unitState(PORT);
    const database = before.relations.find((relation) => relation.endpoint === 'postgresql');
    if (database) database.remoteAppData = {};

    const after = await ctx.run(events.relationCreated(DATABASE_RELATION_ID), before);

    expect(after.unitStatus).toEqual({
      status: 'waiting',
      message: 'waiting for the database credentials on postgresql',
    });
  });

  it('an image that is not the rock: Blocked, naming the resource to attach', async () => {
    const before = unitState(PORT, { container: {} });

    const after = await ctx.run(events.pebbleReady('httprequest-lego-provider'), before);

    expect(after.unitStatus).toEqual({
      status: 'blocked',
      message:
        'the workload image has no "httprequest-lego-provider" service: attach the httprequest-lego-provider rock as the httprequest-lego-provider-image resource',
    });
  });

  it('the rock without its migrations: Blocked, asking whether the image is the rock', async () => {
    const before = unitState(PORT);
    workload(before).files = {};

    const after = await ctx.run(events.configChanged(), before);

    expect(after.unitStatus).toEqual({
      status: 'blocked',
      message:
        "cannot find the workload's postgres migrations in /srv/httprequest-lego-provider/dist/database/migrations/postgres: is the image the httprequest-lego-provider rock?",
    });
  });

  it('a migration that fails: Blocked with what the CLI said, retried on the next hook', async () => {
    const before = unitState(PORT);
    workload(before).execs.unshift({
      command: ['/usr/bin/node', '/srv/httprequest-lego-provider/dist/main.js', 'migrate'],
      outcome: { exitCode: 1, stderr: 'error: cannot connect to the database\n  (ECONNREFUSED)\n' },
    });

    const after = await ctx.run(events.configChanged(), before);

    expect(after.unitStatus).toEqual({
      status: 'blocked',
      message:
        'database migration failed (retried on the next hook): cannot connect to the database (ECONNREFUSED)',
    });
    expect(after.unitState['migrated-schema']).toBeUndefined();
    expect(workload(after).services).toEqual({});
  });

  it('a service that does not start: Waiting, pointing at its log', async () => {
    const before = unitState(PORT);
    workload(before).services['httprequest-lego-provider'] = {
      current: 'inactive',
      starts: 0,
      failsToStart: true,
    };

    const after = await ctx.run(events.configChanged(), before);

    expect(after.unitStatus.status).toBe('waiting');
    expect(after.unitStatus.message).toMatch(
      /^the service did not start \(cannot perform the following tasks:\n- Start service "httprequest-lego-provider" \(cannot start service: exited quickly with code 1\)\); Pebble retries it, its log is in `pebble logs httprequest-lego-provider`$/,
    );
  });
});
