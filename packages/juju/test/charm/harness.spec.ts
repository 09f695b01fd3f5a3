import { rm } from 'node:fs/promises';
import { join } from 'node:path';

import { CharmHarness, events } from '../../src/testing';
import { buildCharmDir } from '../helpers/charm-dir';

describe('CharmHarness', () => {
  let probe: string;
  let example: string;
  let harness: CharmHarness;

  beforeAll(async () => {
    [probe, example] = await Promise.all([
      buildCharmDir(join(__dirname, '../fixtures/probe-charm/charm.ts')),
      buildCharmDir(join(__dirname, '../fixtures/example-charm/charm.ts')),
    ]);
  });

  afterAll(() =>
    Promise.all([probe, example].map((dir) => rm(dir, { recursive: true, force: true }))),
  );

  afterEach(() => harness.close());

  it('sets the relation variables Juju sets, from the arranged relation', async () => {
    harness = await CharmHarness.create({
      charmDir: probe,
      state: {
        relations: [{ id: 4, endpoint: 'db', remoteApp: 'pg', remoteUnitsData: { 'pg/0': {} } }],
      },
    });

    const result = await harness.dispatch(events.relationChanged(4, 'pg/0'));

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.state.unitState['last-event'] ?? '')).toEqual({
      kind: 'relation-changed',
      relation: { endpoint: 'db', id: 4 },
      remoteApp: 'pg',
      remoteUnit: 'pg/0',
    });
    expect(result.state.unitStatus).toEqual({
      status: 'active',
      message: 'saw hooks/db-relation-changed',
    });
  });

  it('sets the secret variables, with the label this unit knows the secret by', async () => {
    harness = await CharmHarness.create({
      charmDir: probe,
      state: {
        secrets: [
          {
            id: 'secret:aaaaaaaaaaaaaaaaaaaa',
            owner: 'remote',
            consumerLabel: 'db-user',
            content: { a: 'b' },
          },
        ],
      },
    });

    const result = await harness.dispatch(events.secretChanged('secret:aaaaaaaaaaaaaaaaaaaa'));

    expect(JSON.parse(result.state.unitState['last-event'] ?? '')).toEqual({
      kind: 'secret-changed',
      secret: { id: 'secret:aaaaaaaaaaaaaaaaaaaa', label: 'db-user' },
    });
  });

  it('a failed hook rolls back relation data and unit state, but keeps the logs', async () => {
    harness = await CharmHarness.create({
      charmDir: probe,
      state: {
        config: { fail: true },
        unitState: { 'last-event': 'before' },
        relations: [{ id: 4, endpoint: 'db', remoteApp: 'pg' }],
      },
    });

    const result = await harness.dispatch(events.configChanged());

    expect(result.exitCode).toBe(1);
    expect(result.state.unitState).toEqual({ 'last-event': 'before' });
    expect(result.state.relations[0]?.localUnitData).toEqual({});
    expect(result.state.logs.map((log) => log.level)).toEqual(['DEBUG', 'ERROR']);
    expect(result.state.logs[1]?.message).toContain('asked to fail');
    expect(result.state.toolCalls.map(([tool]) => tool)).toContain('relation-set');
  });

  it('without the container, the example charm waits for it', async () => {
    harness = await CharmHarness.create({ charmDir: example, state: { config: { port: 8080 } } });

    const result = await harness.dispatch(events.configChanged());

    expect(result.exitCode).toBe(0);
    expect(result.state.unitStatus).toEqual({
      status: 'waiting',
      message: 'waiting for the web container',
    });
  });

  it('an action is visible in the state only while it runs', async () => {
    harness = await CharmHarness.create({ charmDir: probe });

    await harness.dispatch(events.action('anything', { a: 1 }));
    expect(harness.state.action).toMatchObject({
      name: 'anything',
      failureMessage: 'cannot run action anything: the charm has no handler for action "anything"',
    });
    await harness.dispatch(events.updateStatus());

    expect(harness.state.action).toBeUndefined();
  });
});
