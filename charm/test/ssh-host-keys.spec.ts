import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { events } from '@hlp/juju/testing';

import { freePort } from './helpers/free-port';
import { generateSshKey, type SshKeyPair } from './helpers/ssh-key';
import { SshServer } from './helpers/ssh-server';
import { type TestModel, TestModel as Model, type TestUnit } from './helpers/test-model';

/**
 * An SSH repository without pinned host keys: the charm scans the server's keys of every type,
 * trusts them from then on, and says so. The Python charm scanned RSA keys only, on every hook.
 */
describe('an SSH repository without git-known-hosts', () => {
  let model: TestModel;
  let server: SshServer;
  let unit: TestUnit;
  let key: SshKeyPair;

  const knownHosts = () =>
    readFile(unit.pebble.hostPath(join(unit.dataDir, 'charm', 'git-known-hosts')), 'utf8');

  beforeAll(async () => {
    model = await Model.create();
    key = generateSshKey(model.dir);
    server = await SshServer.start(join(model.dir, 'sshd'), key.publicKey);
    unit = await model.addUnit({
      config: {
        'git-repo': `git+ssh://${server.user}@127.0.0.1:${server.port}${model.zoneRepository}@main`,
        // The Python charm's plain option still works.
        'git-ssh-key': key.privateKey,
      },
    });
  });

  afterAll(async () => {
    await server.stop();
    await model.destroy();
  });

  it('scans every key type, clones over SSH with them, and says the keys are not pinned', async () => {
    const result = await unit.dispatch(events.configChanged());

    expect(result.state.unitStatus).toEqual({
      status: 'active',
      message: `trusting the scanned SSH host keys of [127.0.0.1]:${server.port}: set git-known-hosts to pin them`,
    });
    const lines = (await knownHosts()).trim().split('\n');
    expect(lines.map((line) => line.split(' ').slice(0, 2).join(' ')).sort()).toEqual([
      `[127.0.0.1]:${server.port} ecdsa-sha2-nistp256`,
      `[127.0.0.1]:${server.port} ssh-ed25519`,
    ]);
    // The Python charm's form, branch included, as the workload reads it.
    expect(unit.environment().HLP_GIT_REPO).toBe(
      `git+ssh://${server.user}@127.0.0.1:${server.port}${model.zoneRepository}@main`,
    );
    expect(await unit.readyStatus()).toBe(200);
  });

  it('trusts what it scanned first: a later hook does not scan again', async () => {
    const scanned = await knownHosts();
    await server.stop();

    const result = await unit.dispatch(events.configChanged());

    expect(result.state.unitStatus.status).toBe('active');
    expect(await knownHosts()).toBe(scanned);
  });

  it('git-repo moved to another server: its keys are scanned, known_hosts rewritten, one restart', async () => {
    const moved = await SshServer.start(join(model.dir, 'sshd-2'), key.publicKey);
    try {
      const starts = unit.starts();
      unit.harness.update((state) => {
        state.config['git-repo'] =
          `git+ssh://${moved.user}@127.0.0.1:${moved.port}${model.zoneRepository}@main`;
      });

      const result = await unit.dispatch(events.configChanged());

      expect(result.state.unitStatus.message).toBe(
        `trusting the scanned SSH host keys of [127.0.0.1]:${moved.port}: set git-known-hosts to pin them`,
      );
      const hosts = (await knownHosts()).trim().split('\n');
      expect(hosts).toHaveLength(2);
      expect(hosts.every((line) => line.startsWith(`[127.0.0.1]:${moved.port} `))).toBe(true);
      expect(unit.starts()).toBe(starts + 1);
      expect(await unit.readyStatus()).toBe(200);
    } finally {
      await moved.stop();
    }
  });

  it('a server that does not answer: Blocked naming it, never a hook error', async () => {
    const port = await freePort();
    const other = await model.addUnit({
      number: 1,
      leader: false,
      config: {
        'git-repo': `git+ssh://git@127.0.0.1:${port}/zones.git@main`,
        'git-ssh-key': generateSshKey(model.dir, 'other').privateKey,
      },
    });

    const result = await other.dispatch(events.configChanged());

    expect(result.exitCode).toBe(0);
    expect(result.state.unitStatus.status).toBe('blocked');
    expect(result.state.unitStatus.message).toBe(
      `cannot scan the SSH host keys of [127.0.0.1]:${port} (no answer): set git-known-hosts`,
    );
  });
});
