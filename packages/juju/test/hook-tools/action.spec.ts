import { HookToolError, actionFail, actionGet, actionLog, actionSet } from '../../src';
import { type FakeJujuTools, fakeJujuTools } from '../helpers/fake-juju-tools';

describe('action hook tools', () => {
  let tools: FakeJujuTools;

  beforeEach(async () => {
    tools = await fakeJujuTools({
      action: {
        name: 'allow-domains',
        params: { username: 'ada', limits: { max: 3 } },
        results: {},
        logs: [],
      },
    });
  });

  afterEach(() => tools.juju.remove());

  it('action-get reads all parameters or one dotted key', async () => {
    expect(await actionGet(tools.runner)).toEqual({ username: 'ada', limits: { max: 3 } });
    expect(await actionGet(tools.runner, 'limits.max')).toBe(3);
    expect(tools.juju.state().toolCalls).toEqual([
      ['action-get', '--format=json'],
      ['action-get', '--format=json', 'limits.max'],
    ]);
  });

  it('action-set flattens nested results into dotted keys, which Juju nests again', async () => {
    await actionSet(tools.runner, { result: 'ok', user: { name: 'ada', domains: 2 } });

    const state = tools.juju.state();
    expect(state.toolCalls).toEqual([
      ['action-set', 'result=ok', 'user.name=ada', 'user.domains=2'],
    ]);
    expect(state.action?.results).toEqual({ result: 'ok', user: { name: 'ada', domains: '2' } });
  });

  it('action-set with a key Juju refuses raises the usage error', async () => {
    const error = await actionSet(tools.runner, { Bad_Key: 'x' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HookToolError);
    expect(error).toMatchObject({ command: ['action-set', 'Bad_Key=x'], exitCode: 2 });
    expect((error as HookToolError).stderr).toContain(
      'key "Bad_Key" must start and end with lowercase alphanumeric',
    );
  });

  it('action-fail and action-log pass the message after --', async () => {
    await actionLog(tools.runner, 'granting…');
    await actionFail(tools.runner, '-user does not exist');

    const state = tools.juju.state();
    expect(state.action?.logs).toEqual(['granting…']);
    expect(state.action?.failureMessage).toBe('-user does not exist');
    expect(state.toolCalls).toEqual([
      ['action-log', '--', 'granting…'],
      ['action-fail', '--', '-user does not exist'],
    ]);
  });

  it('outside an action the tools fail', async () => {
    tools.juju.update((state) => {
      delete state.action;
    });

    await expect(actionGet(tools.runner)).rejects.toMatchObject({
      exitCode: 1,
      command: ['action-get', '--format=json'],
    });
  });
});
