import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { type DispatchResult, type HarnessEvent, events, newSecretId } from '@hlp/juju/testing';

import { present } from './helpers/lego-client';
import { generateSshKey, type SshKeyPair } from './helpers/ssh-key';
import { newestMigration } from './helpers/test-database';
import { type TestModel, TestModel as Model, type TestUnit } from './helpers/test-model';
import { createZoneRepository } from './helpers/zone-repository';

const CONTAINER = 'httprequest-lego-provider';
const KNOWN_HOSTS =
  'git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOB8fLZ01U1EYVn3+7vYHg/yUWncyqTtPEVbKgGG9iJ2\n';

/**
 * The packed charm run as Juju runs it (its dispatch, one process per event, hook tools on
 * PATH, Pebble on a socket), with the real workload started from the layer it wrote. The
 * in-process specs carry the cases; these few prove the pieces fit. The steps depend on each other.
 */
describe('the packed charm through dispatch, with the real workload', () => {
  let model: TestModel;
  let unit: TestUnit;
  let key: SshKeyPair;
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

  afterAll(() => model.destroy());

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

  it('git-repo changed: a replan restarts the service once, on the new repository', async () => {
    const otherRepository = createZoneRepository(join(model.dir, 'other-zones.git'));
    unit.harness.update((state) => {
      state.config['git-repo'] = `file://${otherRepository}`;
    });

    const result = await dispatchUntilReady(events.configChanged());

    expect(result.state.unitStatus).toEqual({ status: 'active', message: '' });
    expect(unit.environment().HLP_GIT_REPO).toBe(`file://${otherRepository}`);
    expect(unit.starts()).toBe(2);
    expect(await unit.readyStatus()).toBe(200);
  });

  it('actions run the workload CLI through Pebble exec: a user lego may then present with', async () => {
    const created = await unit.dispatch(events.action('create-user', { username: 'lego-bot' }));
    const password = String(created.state.action?.results.password);
    const fqdn = '_acme-challenge.www.example.com.';

    expect(created.exitCode).toBe(0);
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Valid credentials without a grant: refused for the name, not for the password.
    expect(await present(unit, 'lego-bot', password, fqdn)).toBe(403);

    const allowed = await unit.dispatch(
      events.action('allow-domains', { username: 'lego-bot', domains: 'www.example.com' }),
    );

    expect(allowed.state.action?.results).toEqual({
      result: 'Successfully granted access to all domains.',
      username: 'lego-bot',
      domains: 'www.example.com',
    });
    expect(await present(unit, 'lego-bot', password, fqdn)).toBe(204);
    const serviceLog = await readFile(join(unit.pebble.logsDir, `${CONTAINER}.log`), 'utf8');
    expect(JSON.stringify(allowed.state.logs)).not.toContain(password);
    expect(serviceLog).not.toContain(password);
  });
});
