import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { events, newSecretId } from '@hlp/juju/testing';
import { dump } from 'js-yaml';

import { WORKLOAD_DIR } from './helpers/paths';
import { generateSshKey, type SshKeyPair } from './helpers/ssh-key';
import { newestMigration } from './helpers/test-database';
import {
  DATABASE_RELATION_ID,
  type TestModel,
  TestModel as Model,
  type TestUnit,
} from './helpers/test-model';
import { createZoneRepository } from './helpers/zone-repository';

const CONTAINER = 'httprequest-lego-provider';
const KNOWN_HOSTS =
  'git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOB8fLZ01U1EYVn3+7vYHg/yUWncyqTtPEVbKgGG9iJ2\n';

/**
 * One unit taken from install to Active and through the changes an operator makes, with the
 * real workload started from the layer the charm wrote. The steps depend on each other.
 */
describe('a unit from install to a running service, and the changes after', () => {
  let model: TestModel;
  let unit: TestUnit;
  let key: SshKeyPair;
  const keySecretId = newSecretId();

  const filesDir = () => join(unit.dataDir, 'charm');
  const fileInContainer = (name: string) => join(filesDir(), name);

  beforeAll(async () => {
    model = await Model.create();
    key = generateSshKey(model.dir);
    unit = await model.addUnit({
      database: false,
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

  it('install and config-changed without a database: Blocked "missing integrations: postgresql"', async () => {
    await unit.dispatch(events.install());
    const result = await unit.dispatch(events.configChanged());

    expect(result.state.unitStatus).toEqual({
      status: 'blocked',
      message: 'missing integrations: postgresql',
    });
    expect(unit.pebble.isServiceRunning(CONTAINER)).toBe(false);
  });

  it('the database relation, credentials in a secret: files, layer, service, port, Active', async () => {
    model.relateDatabase(unit);

    const result = await unit.dispatch(events.relationChanged(DATABASE_RELATION_ID));

    expect(result.exitCode).toBe(0);
    expect(result.state.unitStatus).toEqual({ status: 'active', message: '' });
    expect(result.state.appStatus).toEqual({ status: 'active', message: '' });

    // The SSH key: a file only the service user reads, never in the plan or the environment.
    const keyFile = fileInContainer('git-ssh-key');
    expect(await readFile(unit.pebble.hostPath(keyFile), 'utf8')).toBe(key.privateKey);
    expect(statSync(unit.pebble.hostPath(keyFile)).mode & 0o777).toBe(0o600);
    expect(unit.pebble.ownershipOf(keyFile)).toEqual({ user: '_daemon_', group: '_daemon_' });
    expect(statSync(unit.pebble.hostPath(filesDir())).mode & 0o777).toBe(0o700);
    expect(unit.pebble.ownershipOf(filesDir())).toEqual({ user: '_daemon_', group: '_daemon_' });
    const knownHosts = fileInContainer('git-known-hosts');
    expect(await readFile(unit.pebble.hostPath(knownHosts), 'utf8')).toBe(KNOWN_HOSTS);
    expect(statSync(unit.pebble.hostPath(knownHosts)).mode & 0o777).toBe(0o644);
    expect(unit.pebble.ownershipOf(knownHosts)).toEqual({ user: '_daemon_', group: '_daemon_' });
    const keyBody = key.privateKey.split('\n')[1] ?? '';
    expect(dump(unit.pebble.plan())).not.toContain(keyBody);

    // The layer: the rock's command and place, as the service user, the generated environment.
    const service = unit.service();
    expect(service).toMatchObject({
      override: 'replace',
      command: `${process.execPath} ${WORKLOAD_DIR}/dist/main.js serve`,
      'working-dir': unit.dataDir,
      startup: 'enabled',
      user: '_daemon_',
    });
    const environment = unit.environment();
    expect(environment).toMatchObject({
      HLP_HOST: '127.0.0.1',
      HLP_PORT: String(unit.port),
      HLP_DATA_DIR: unit.dataDir,
      HLP_GIT_REPO: model.zoneRepository,
      HLP_GIT_SSH_KEY_FILE: keyFile,
      HLP_GIT_KNOWN_HOSTS_FILE: knownHosts,
      HLP_LOG_LEVEL: 'info',
      HLP_TXT_TTL: '600',
      HLP_ALLOWED_HOSTS: '*',
    });
    expect(environment.DATABASE_URL).toMatch(
      model.database.engine === 'postgres' ? /^postgresql:\/\// : /^sqlite:/,
    );
    expect(environment.HLP_SECRET_KEY?.length).toBeGreaterThanOrEqual(32);
    expect(unit.pebble.plan().checks?.ready).toEqual({
      override: 'replace',
      level: 'ready',
      period: '10s',
      timeout: '3s',
      threshold: 3,
      http: { url: `http://localhost:${unit.port}/health/ready` },
    });

    expect(unit.pebble.isServiceRunning(CONTAINER)).toBe(true);
    expect(await unit.readyStatus()).toBe(200);
    expect(result.state.openedPorts).toEqual([`${unit.port}/tcp`]);
    expect(result.state.applicationVersion).toBe('0.1.0');
    expect(result.state.unitState['migrated-schema']).toMatch(
      new RegExp(` ${newestMigration(model.database.engine)}$`),
    );
    expect(unit.starts()).toBe(1);
  });

  it('unchanged config: nothing is restarted, nothing migrated again', async () => {
    const { unitState, toolCalls } = unit.harness.state;

    await unit.dispatch(events.configChanged());
    const result = await unit.dispatch(events.updateStatus());

    expect(result.state.unitStatus).toEqual({ status: 'active', message: '' });
    expect(unit.starts()).toBe(1);
    expect(result.state.unitState).toEqual(unitState);
    const calls = result.state.toolCalls.slice(toolCalls.length).map(([tool]) => tool);
    expect(calls).not.toContain('state-set');
  });

  it('git-repo changed: the environment follows, the service restarts once and uses the new repository', async () => {
    const otherRepository = createZoneRepository(join(model.dir, 'other-zones.git'));
    unit.harness.update((state) => {
      state.config['git-repo'] = `file://${otherRepository}`;
    });

    const result = await unit.dispatch(events.configChanged());

    expect(result.state.unitStatus).toEqual({ status: 'active', message: '' });
    expect(unit.environment().HLP_GIT_REPO).toBe(`file://${otherRepository}`);
    expect(unit.starts()).toBe(2);
    expect(await unit.readyStatus()).toBe(200);
  });

  it('a new revision of the SSH key secret: the key file is rewritten, the service keeps running', async () => {
    const newKey = generateSshKey(model.dir, 'rotated_ed25519');
    unit.harness.update((state) => {
      const secret = state.secrets.find((candidate) => candidate.id === keySecretId);
      secret?.revisions.push({ revision: 2, content: { value: newKey.privateKey } });
    });

    const result = await unit.dispatch(events.secretChanged(keySecretId));

    expect(result.state.unitStatus).toEqual({ status: 'active', message: '' });
    expect(await readFile(unit.pebble.hostPath(fileInContainer('git-ssh-key')), 'utf8')).toBe(
      newKey.privateKey,
    );
    // ssh reads the key file for each connection: no restart needed.
    expect(unit.starts()).toBe(2);
  });

  it('the database credentials rotate: the service restarts once with the new ones', async () => {
    const before = unit.environment().DATABASE_URL;
    unit.harness.update((state) => {
      const secret = state.secrets.find((candidate) => candidate.id === model.databaseSecretId);
      secret?.revisions.push({ revision: 2, content: model.database.rotatedAnswer.credentials });
    });

    const result = await unit.dispatch(events.secretChanged(model.databaseSecretId));

    expect(result.state.unitStatus).toEqual({ status: 'active', message: '' });
    expect(unit.environment().DATABASE_URL).not.toBe(before);
    expect(unit.environment().DATABASE_URL).toContain(
      model.database.engine === 'postgres' ? 'rotated-password' : 'rotated.sqlite3',
    );
    expect(unit.starts()).toBe(3);
    expect(await unit.readyStatus()).toBe(200);
  });

  it('the SSH key unset: its file leaves the container', async () => {
    unit.harness.update((state) => {
      delete state.config['git-ssh-key-secret-id'];
    });

    const result = await unit.dispatch(events.configChanged());

    expect(result.state.unitStatus).toEqual({ status: 'active', message: '' });
    expect(() => statSync(unit.pebble.hostPath(fileInContainer('git-ssh-key')))).toThrow(/ENOENT/);
    expect(unit.environment().HLP_GIT_SSH_KEY_FILE).toBeUndefined();
  });

  it('the database relation removed: the service stops, Blocked "missing integrations: postgresql"', async () => {
    const result = await unit.dispatch(events.relationBroken(DATABASE_RELATION_ID));

    expect(result.exitCode).toBe(0);
    expect(result.state.unitStatus).toEqual({
      status: 'blocked',
      message: 'missing integrations: postgresql',
    });
    expect(await unit.serviceState()).toBe('inactive');
  });
});
