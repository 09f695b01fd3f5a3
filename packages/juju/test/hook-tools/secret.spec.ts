import { existsSync } from 'node:fs';

import {
  HookToolError,
  secretAdd,
  secretGet,
  secretGrant,
  secretInfoGet,
  secretRemove,
  secretSet,
} from '../../src';
import { type FakeJujuTools, fakeJujuTools } from '../helpers/fake-juju-tools';

describe('secret hook tools', () => {
  let tools: FakeJujuTools;

  beforeEach(async () => {
    tools = await fakeJujuTools({
      unit: 'lego/0',
      leader: true,
      relations: [{ id: 5, endpoint: 'peers', remoteApp: 'lego', peer: true }],
      secrets: [
        {
          id: 'secret:remote0000000000000',
          owner: 'remote',
          content: { username: 'u', password: 'p1' },
        },
      ],
    });
  });

  afterEach(() => tools.juju.remove());

  it('secret-add passes values as key#file= paths, never on argv, and returns the new id', async () => {
    const id = await secretAdd(
      tools.runner,
      { 'signing-key': 'TOP-SECRET' },
      { label: 'jwt', description: 'JWT key' },
    );

    const state = tools.juju.state();
    const call = state.toolCalls[0] ?? [];
    expect(id).toMatch(/^secret:[0-9a-v]{20}$/);
    expect(call.slice(0, 7)).toEqual([
      'secret-add',
      '--label',
      'jwt',
      '--description',
      'JWT key',
      '--owner',
      'application',
    ]);
    expect(call[7]).toMatch(/^signing-key#file=\/.+\/signing-key$/);
    expect(call.join(' ')).not.toContain('TOP-SECRET');
    expect(existsSync((call[7] ?? '').split('=')[1] ?? '')).toBe(false);
    expect(state.secrets.find((secret) => secret.id === id)).toMatchObject({
      owner: 'application',
      label: 'jwt',
      revisions: [{ revision: 1, content: { 'signing-key': 'TOP-SECRET' } }],
    });
  });

  it('secret-add of an application secret needs leadership', async () => {
    tools.juju.update((state) => {
      state.leader = false;
    });

    await expect(secretAdd(tools.runner, { key: 'v' })).rejects.toMatchObject({
      exitCode: 1,
      stderr: 'ERROR this unit is not the leader\n',
    });
  });

  it('secret-get tracks a revision until --refresh, and --peek reads the latest without tracking', async () => {
    const id = 'secret:remote0000000000000';
    expect(await secretGet(tools.runner, { id, label: 'db-user' })).toEqual({
      username: 'u',
      password: 'p1',
    });
    tools.juju.update((state) => {
      state.secrets[0]?.revisions.push({ revision: 2, content: { username: 'u', password: 'p2' } });
    });

    expect(await secretGet(tools.runner, { label: 'db-user' })).toEqual({
      username: 'u',
      password: 'p1',
    });
    expect(await secretGet(tools.runner, { id, peek: true })).toEqual({
      username: 'u',
      password: 'p2',
    });
    expect(await secretGet(tools.runner, { label: 'db-user' })).toEqual({
      username: 'u',
      password: 'p1',
    });
    expect(await secretGet(tools.runner, { id, refresh: true })).toEqual({
      username: 'u',
      password: 'p2',
    });
    expect(await secretGet(tools.runner, { label: 'db-user' })).toEqual({
      username: 'u',
      password: 'p2',
    });
    expect(tools.juju.state().toolCalls.slice(0, 3)).toEqual([
      ['secret-get', '--format=json', id, '--label', 'db-user'],
      ['secret-get', '--format=json', '--label', 'db-user'],
      ['secret-get', '--format=json', id, '--peek'],
    ]);
  });

  it('secret-get of an unknown secret is a not-found HookToolError', async () => {
    const error = await secretGet(tools.runner, { label: 'nope' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HookToolError);
    expect(error).toMatchObject({
      exitCode: 1,
      stderr: 'ERROR secret "nope" not found\n',
      isNotFound: true,
    });
  });

  it('secret-set adds a revision (content through files), secret-info-get reports it', async () => {
    const id = await secretAdd(tools.runner, { password: 'one' }, { label: 'admin' });

    await secretSet(tools.runner, id, {
      content: { password: 'two' },
      description: 'admin password',
    });

    const call = tools.juju.state().toolCalls[1] ?? [];
    expect(call.slice(0, 4)).toEqual(['secret-set', '--description', 'admin password', id]);
    expect(call[4]).toMatch(/^password#file=/);
    expect(await secretGet(tools.runner, { id })).toEqual({ password: 'two' });
    expect(await secretInfoGet(tools.runner, { label: 'admin' })).toEqual({
      id: id.replace('secret:', ''),
      revision: 2,
      owner: 'application',
      label: 'admin',
      description: 'admin password',
    });
    expect(tools.juju.state().toolCalls[3]).toEqual([
      'secret-info-get',
      '--format=json',
      '--label',
      'admin',
    ]);
  });

  it('secret-info-get on a non-leader: "not found" for application-owned secrets, as Juju', async () => {
    const appOwned = await secretAdd(tools.runner, { password: 'one' }, { label: 'admin' });
    const unitOwned = await secretAdd(tools.runner, { token: 'two' }, { owner: 'unit' });
    tools.juju.update((state) => {
      state.leader = false;
    });

    for (const query of [{ id: appOwned }, { label: 'admin' }]) {
      const error = await secretInfoGet(tools.runner, query).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HookToolError);
      expect(error).toMatchObject({
        stderr: `ERROR secret "${'id' in query ? appOwned.replace('secret:', '') : 'admin'}" not found\n`,
        isNotFound: true,
      });
    }
    expect(await secretInfoGet(tools.runner, { id: unitOwned })).toMatchObject({ owner: 'unit' });
    // Reading the content is still allowed: every unit of the owner may.
    expect(await secretGet(tools.runner, { label: 'admin' })).toEqual({ password: 'one' });
  });

  it('secret-grant records the relation (and unit); secret-remove deletes', async () => {
    const id = await secretAdd(tools.runner, { password: 'one' });

    await secretGrant(tools.runner, id, 5, { unit: 'lego/1' });
    expect(tools.juju.state().secrets.find((secret) => secret.id === id)?.grants).toEqual([
      { relationId: 5, unit: 'lego/1' },
    ]);
    await secretRemove(tools.runner, id, { revision: 1 });

    const state = tools.juju.state();
    expect(state.secrets.map((secret) => secret.id)).not.toContain(id);
    expect(state.toolCalls.slice(1)).toEqual([
      ['secret-grant', '--relation', '5', '--unit', 'lego/1', id],
      ['secret-remove', id, '--revision', '1'],
    ]);
  });

  it('secrets owned by another application cannot be changed', async () => {
    await expect(
      secretSet(tools.runner, 'secret:remote0000000000000', { content: { password: 'x' } }),
    ).rejects.toMatchObject({ exitCode: 1 });
  });
});
