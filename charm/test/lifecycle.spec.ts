import { type State, events, fakeJujuState } from '@hlp/juju/testing';
import { dump } from 'js-yaml';

import {
  CREDENTIALS,
  DATABASE_RELATION_ID,
  DATABASE_SECRET_ID,
  ZONE_REPOSITORY,
  ctx,
  databaseRelated,
  environment,
  plan,
  privateKey,
  unitState,
  workload,
} from './helpers/charm-state';
import { ROCK_DATA_DIR, ROCK_WORKLOAD_DIR } from './helpers/rock-layer';
import { newestMigration } from './helpers/test-database';
import { WorkloadStandIn } from './helpers/workload-stand-in';

const SERVICE = 'httprequest-lego-provider';
const KNOWN_HOSTS =
  'git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOB8fLZ01U1EYVn3+7vYHg/yUWncyqTtPEVbKgGG9iJ2\n';
const KEY_SECRET_ID = 'secret:d0b5vdvmp25c7bpf5l20';
const FILES_DIR = `${ROCK_DATA_DIR}/charm`;
const KEY = privateKey('first key');

/**
 * One unit taken from install to Active and through the changes an operator makes, each step
 * from the state the one before left.
 */
describe('a unit from install to a running service, and the changes after', () => {
  let standIn: WorkloadStandIn;
  let current: State;

  const starts = () => workload(current).services[SERVICE]?.starts ?? 0;
  const file = (name: string) => workload(current).files[`${FILES_DIR}/${name}`];

  beforeAll(async () => {
    standIn = await WorkloadStandIn.start();
    current = unitState(standIn.port, {
      database: false,
      config: {
        'git-repo': ZONE_REPOSITORY,
        'git-ssh-key-secret-id': KEY_SECRET_ID,
        'git-known-hosts': KNOWN_HOSTS,
      },
      secrets: [{ id: KEY_SECRET_ID, owner: 'remote', content: { value: KEY } }],
    });
  });

  afterAll(() => standIn.close());

  it('install and config-changed without a database: Blocked "missing integrations: postgresql"', async () => {
    current = await ctx.run(events.install(), current);
    current = await ctx.run(events.configChanged(), current);

    expect(current.unitStatus).toEqual({
      status: 'blocked',
      message: 'missing integrations: postgresql',
    });
    expect(workload(current).services[SERVICE]).toBeUndefined();
  });

  it('the database relation, credentials in a secret: files, layer, service, port, Active', async () => {
    const { relations, secrets } = fakeJujuState(databaseRelated());
    current = {
      ...current,
      relations: [...current.relations, ...relations],
      secrets: [...current.secrets, ...secrets],
    };

    current = await ctx.run(events.relationChanged(DATABASE_RELATION_ID), current);

    expect(current.unitStatus).toEqual({ status: 'active', message: '' });
    expect(current.appStatus).toEqual({ status: 'active', message: '' });

    // The SSH key: a file only the service user reads, never in the plan or the environment.
    const owner = { user: '_daemon_', group: '_daemon_' };
    expect(file('git-ssh-key')).toEqual({ content: KEY, permissions: 0o600, ...owner });
    expect(workload(current).dirs[FILES_DIR]).toEqual({ permissions: 0o700, ...owner });
    expect(file('git-known-hosts')).toEqual({
      content: KNOWN_HOSTS,
      permissions: 0o644,
      ...owner,
    });
    expect(dump(plan(current))).not.toContain(KEY.split('\n')[1]);

    // The layer: the rock's command and place, as the service user, the generated environment.
    expect(plan(current).services?.[SERVICE]).toMatchObject({
      override: 'replace',
      command: `/usr/bin/node ${ROCK_WORKLOAD_DIR}/dist/main.js serve`,
      'working-dir': ROCK_DATA_DIR,
      startup: 'enabled',
      user: '_daemon_',
    });
    expect(environment(current)).toMatchObject({
      HLP_HOST: '0.0.0.0',
      HLP_PORT: String(standIn.port),
      HLP_DATA_DIR: ROCK_DATA_DIR,
      HLP_GIT_REPO: ZONE_REPOSITORY,
      HLP_GIT_SSH_KEY_FILE: `${FILES_DIR}/git-ssh-key`,
      HLP_GIT_KNOWN_HOSTS_FILE: `${FILES_DIR}/git-known-hosts`,
      HLP_LOG_LEVEL: 'info',
      HLP_TXT_TTL: '600',
      HLP_ALLOWED_HOSTS: '*',
      HLP_PEER_PORT: '8001',
      DATABASE_URL: `postgresql://${CREDENTIALS.username}:${CREDENTIALS.password}@pg-primary.db.svc:5432/httprequest-lego-provider`,
    });
    expect(environment(current).HLP_SECRET_KEY?.length).toBeGreaterThanOrEqual(32);
    expect(plan(current).checks?.ready).toEqual({
      override: 'replace',
      level: 'ready',
      period: '10s',
      timeout: '3s',
      threshold: 3,
      http: { url: `http://localhost:${standIn.port}/health/ready` },
    });

    expect(workload(current).services[SERVICE]).toMatchObject({ current: 'active', starts: 1 });
    expect(current.openedPorts).toEqual([`${standIn.port}/tcp`]);
    expect(current.applicationVersion).toBe('0.1.0');
    // Migrated before the start, as the service user, with the service's environment.
    const [migrate] = workload(current).execLog;
    expect(migrate).toEqual({
      command: ['/usr/bin/node', `${ROCK_WORKLOAD_DIR}/dist/main.js`, 'migrate'],
      environment: environment(current),
      workingDir: ROCK_DATA_DIR,
      user: '_daemon_',
    });
    expect(current.unitState['migrated-schema']).toBe(
      `postgresql://relation_id_3:***@pg-primary.db.svc:5432/httprequest-lego-provider ${newestMigration('postgres')}`,
    );
  });

  it('unchanged config: nothing is restarted, nothing migrated again', async () => {
    const { unitState, toolCalls } = current;
    const execs = workload(current).execLog.length;

    current = await ctx.run(events.configChanged(), current);
    current = await ctx.run(events.updateStatus(), current);

    expect(current.unitStatus).toEqual({ status: 'active', message: '' });
    expect(starts()).toBe(1);
    expect(current.unitState).toEqual(unitState);
    expect(workload(current).execLog).toHaveLength(execs);
    const calls = current.toolCalls.slice(toolCalls.length).map(([tool]) => tool);
    expect(calls).not.toContain('state-set');
  });

  it('git-repo changed: the environment follows, the service restarts once', async () => {
    const otherRepository = 'file:///srv/other-zones.git';
    current = { ...current, config: { ...current.config, 'git-repo': otherRepository } };

    current = await ctx.run(events.configChanged(), current);

    expect(current.unitStatus).toEqual({ status: 'active', message: '' });
    expect(environment(current).HLP_GIT_REPO).toBe(otherRepository);
    expect(starts()).toBe(2);
  });

  it('a new revision of the SSH key secret: the key file is rewritten, the service keeps running', async () => {
    const newKey = privateKey('rotated key');
    current.secrets
      .find((secret) => secret.id === KEY_SECRET_ID)
      ?.revisions.push({ revision: 2, content: { value: newKey } });

    current = await ctx.run(events.secretChanged(KEY_SECRET_ID), current);

    expect(current.unitStatus).toEqual({ status: 'active', message: '' });
    expect(file('git-ssh-key')?.content).toBe(newKey);
    // ssh reads the key file for each connection: no restart needed.
    expect(starts()).toBe(2);
  });

  it('the database credentials rotate: the service restarts once with the new ones', async () => {
    const before = environment(current).DATABASE_URL;
    current.secrets
      .find((secret) => secret.id === DATABASE_SECRET_ID)
      ?.revisions.push({
        revision: 2,
        content: {
          ...CREDENTIALS,
          uris: 'postgresql://relation_id_3:rotated-password@pg-primary.db.svc:5432/httprequest-lego-provider',
        },
      });

    current = await ctx.run(events.secretChanged(DATABASE_SECRET_ID), current);

    expect(current.unitStatus).toEqual({ status: 'active', message: '' });
    expect(environment(current).DATABASE_URL).not.toBe(before);
    expect(environment(current).DATABASE_URL).toContain('rotated-password');
    expect(starts()).toBe(3);
  });

  it('the SSH key unset: its file leaves the container', async () => {
    const { 'git-ssh-key-secret-id': _unset, ...config } = current.config;
    current = { ...current, config };

    current = await ctx.run(events.configChanged(), current);

    expect(current.unitStatus).toEqual({ status: 'active', message: '' });
    expect(file('git-ssh-key')).toBeUndefined();
    expect(environment(current).HLP_GIT_SSH_KEY_FILE).toBeUndefined();
  });

  it('the database relation removed: the service stops, Blocked "missing integrations: postgresql"', async () => {
    current = await ctx.run(events.relationBroken(DATABASE_RELATION_ID), current);

    expect(current.unitStatus).toEqual({
      status: 'blocked',
      message: 'missing integrations: postgresql',
    });
    expect(workload(current).services[SERVICE]?.current).toBe('inactive');
  });
});
