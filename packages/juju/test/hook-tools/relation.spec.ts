import { HookToolError, relationGet, relationIds, relationList, relationSet } from '../../src';
import { type FakeJujuTools, fakeJujuTools } from '../helpers/fake-juju-tools';

const db = { endpoint: 'postgresql', id: 3 };

describe('relation hook tools', () => {
  let tools: FakeJujuTools;

  beforeEach(async () => {
    tools = await fakeJujuTools({
      unit: 'lego/0',
      leader: true,
      relations: [
        {
          id: 3,
          endpoint: 'postgresql',
          remoteApp: 'pg',
          localAppData: { database: 'lego' },
          remoteAppData: { endpoints: 'pg-0:5432' },
          remoteUnitsData: { 'pg/0': { 'ingress-address': '10.0.0.1' }, 'pg/1': {} },
        },
        {
          id: 7,
          endpoint: 'peers',
          remoteApp: 'lego',
          peer: true,
          localAppData: { key: 'shared' },
        },
      ],
    });
  });

  afterEach(() => tools.juju.remove());

  it('relation-ids lists the relations of an endpoint', async () => {
    expect(await relationIds(tools.runner, 'postgresql')).toEqual([db]);
    expect(await relationIds(tools.runner, 'ingress')).toEqual([]);
    expect(tools.juju.state().toolCalls[0]).toEqual([
      'relation-ids',
      'postgresql',
      '--format=json',
    ]);
  });

  it('relation-list lists remote units, or the remote application with --app', async () => {
    expect(await relationList(tools.runner, db)).toEqual(['pg/0', 'pg/1']);
    expect(await relationList(tools.runner, db, { app: true })).toBe('pg');
    expect(tools.juju.state().toolCalls).toEqual([
      ['relation-list', '--format=json', '-r', 'postgresql:3'],
      ['relation-list', '--format=json', '--app', '-r', 'postgresql:3'],
    ]);
  });

  it('relation-get reads a remote unit, the remote app, and (as leader) our own app bag', async () => {
    expect(await relationGet(tools.runner, db, 'pg/0')).toEqual({ 'ingress-address': '10.0.0.1' });
    expect(await relationGet(tools.runner, db, 'pg', { app: true })).toEqual({
      endpoints: 'pg-0:5432',
    });
    expect(await relationGet(tools.runner, db, 'lego', { app: true })).toEqual({
      database: 'lego',
    });
    expect(tools.juju.state().toolCalls).toEqual([
      ['relation-get', '--format=json', '-r', 'postgresql:3', '-', 'pg/0'],
      ['relation-get', '--format=json', '-r', 'postgresql:3', '--app', '-', 'pg'],
      ['relation-get', '--format=json', '-r', 'postgresql:3', '--app', '-', 'lego'],
    ]);
  });

  it('relation-get of our own app bag is denied to a non-leader, except on a peer relation', async () => {
    tools.juju.update((state) => {
      state.leader = false;
    });

    await expect(relationGet(tools.runner, db, 'lego', { app: true })).rejects.toMatchObject({
      exitCode: 1,
      stderr: 'ERROR permission denied\n',
    });
    expect(
      await relationGet(tools.runner, { endpoint: 'peers', id: 7 }, 'lego', { app: true }),
    ).toEqual({ key: 'shared' });
  });

  it('relation-set sends the data as JSON on stdin, merges, and deletes empty values', async () => {
    await relationSet(
      tools.runner,
      db,
      { database: '', 'requested-secrets': '["username"]' },
      { app: true },
    );
    await relationSet(tools.runner, db, { host: 'lego-0' });

    const state = tools.juju.state();
    expect(state.relations[0]?.localAppData).toEqual({ 'requested-secrets': '["username"]' });
    expect(state.relations[0]?.localUnitData).toEqual({ host: 'lego-0' });
    expect(state.toolCalls).toEqual([
      ['relation-set', '-r', 'postgresql:3', '--app', '--file', '-'],
      ['relation-set', '-r', 'postgresql:3', '--file', '-'],
    ]);
  });

  it('relation-set of the app bag needs leadership', async () => {
    tools.juju.update((state) => {
      state.leader = false;
    });

    const error = await relationSet(tools.runner, db, { a: 'b' }, { app: true }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(HookToolError);
    expect((error as HookToolError).stderr).toBe('ERROR cannot write relation settings\n');
  });

  it('an unknown relation is a "relation not found" error', async () => {
    const error = await relationGet(tools.runner, { endpoint: 'postgresql', id: 99 }, 'pg/0').catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(HookToolError);
    expect((error as HookToolError).isNotFound).toBe(true);
    expect((error as HookToolError).exitCode).toBe(2);
  });
});
