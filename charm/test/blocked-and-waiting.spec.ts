import { events } from '@hlp/juju/testing';

import { APP, type TestModel, TestModel as Model } from './helpers/test-model';

const SSH_KEY_MISSING = 'git-ssh-key-secret-id (or git-ssh-key)';

describe('a unit that cannot run the service yet says why, and never fails the hook', () => {
  let model: TestModel;

  beforeAll(async () => {
    model = await Model.create();
  });

  afterAll(() => model.destroy());

  it('install, then pebble-ready, with no config: Blocked, listing every missing option and integration', async () => {
    const unit = await model.addUnit({ config: {}, database: false });

    for (const event of [events.install(), events.pebbleReady('httprequest-lego-provider')]) {
      const result = await unit.dispatch(event);

      expect(result.exitCode).toBe(0);
      expect(result.state.unitStatus).toEqual({
        status: 'blocked',
        message: `missing options: git-repo, ${SSH_KEY_MISSING}; missing integrations: postgresql`,
      });
      expect(result.state.appStatus).toEqual(result.state.unitStatus);
    }
    expect(unit.pebble.isServiceRunning('httprequest-lego-provider')).toBe(false);
  });

  it('a malformed git-repo: Blocked naming it, with every other bad option in the same message', async () => {
    const unit = await model.addUnit({
      config: {
        'git-repo': 'git+ssh:///zones.git@main',
        'git-known-hosts': 'not a host key line',
        'log-level': 'loud',
        'txt-ttl': 0,
      },
    });

    const result = await unit.dispatch(events.configChanged());

    expect(result.exitCode).toBe(0);
    expect(result.state.unitStatus).toEqual({
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
    const unit = await model.addUnit({
      config: {
        'git-repo': 'git+ssh://git@git.example.com/zones.git@main',
        'git-ssh-key': 'ssh-ed25519 AAAA… (a public key)',
      },
    });

    const result = await unit.dispatch(events.configChanged());

    expect(result.state.unitStatus).toEqual({
      status: 'blocked',
      message:
        'invalid git-ssh-key: not an OpenSSH or PEM private key ("-----BEGIN … PRIVATE KEY-----")',
    });

    unit.harness.update((state) => {
      state.config['git-ssh-key-secret-id'] = 'secret:cu0jv4fmp25c7bpf5lcg';
    });
    const twice = await unit.dispatch(events.configChanged());

    expect(twice.state.unitStatus.message).toBe(
      'invalid git-ssh-key: set only one of git-ssh-key-secret-id (preferred) and git-ssh-key',
    );
  });

  it('an SSH key secret the application may not read: Blocked, saying how to grant it', async () => {
    const unit = await model.addUnit({
      config: {
        'git-repo': 'git+ssh://git@git.example.com/zones.git@main',
        'git-ssh-key-secret-id': 'secret:cu0jv4fmp25c7bpf5lcg',
      },
    });

    const result = await unit.dispatch(events.configChanged());

    expect(result.exitCode).toBe(0);
    expect(result.state.unitStatus.status).toBe('blocked');
    expect(result.state.unitStatus.message).toMatch(
      /^invalid git-ssh-key-secret-id: cannot read the secret \(.*not found.*\): grant it with `juju grant-secret <secret> <application>`$/,
    );
  });

  it('config set, no database: Blocked "missing integrations: postgresql"', async () => {
    const unit = await model.addUnit({ database: false });

    const result = await unit.dispatch(events.configChanged());

    expect(result.exitCode).toBe(0);
    expect(result.state.unitStatus).toEqual({
      status: 'blocked',
      message: 'missing integrations: postgresql',
    });
  });

  it('Pebble not up yet: Waiting, and the leader has already asked for the database', async () => {
    const unit = await model.addUnit();
    await unit.pebble.stop();

    const result = await unit.dispatch(events.configChanged());

    expect(result.exitCode).toBe(0);
    expect(result.state.unitStatus).toEqual({
      status: 'waiting',
      message: 'waiting for Pebble in the httprequest-lego-provider container',
    });
    const database = result.state.relations.find((relation) => relation.endpoint === 'postgresql');
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
    const unit = await model.addUnit();
    unit.harness.update((state) => {
      const database = state.relations.find((relation) => relation.endpoint === 'postgresql');
      if (database) database.remoteAppData = {};
    });

    const result = await unit.dispatch(events.relationCreated(3));

    expect(result.state.unitStatus).toEqual({
      status: 'waiting',
      message: 'waiting for the database credentials on postgresql',
    });
  });

  it('an image that is not the rock: Blocked, naming the resource to attach', async () => {
    const unit = await model.addUnit({ rock: false });

    const result = await unit.dispatch(events.pebbleReady('httprequest-lego-provider'));

    expect(result.exitCode).toBe(0);
    expect(result.state.unitStatus).toEqual({
      status: 'blocked',
      message:
        'the workload image has no "httprequest-lego-provider" service: attach the httprequest-lego-provider rock as the httprequest-lego-provider-image resource',
    });
  });
});
