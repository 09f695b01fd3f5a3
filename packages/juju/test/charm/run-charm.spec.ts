import {
  ActionFailedError,
  BlockedStatusError,
  type CharmDefinition,
  type CommandRunner,
  MaintenanceStatusError,
  type Pebble,
  WaitingStatusError,
  runCharm,
} from '../../src';
import { FakeJuju, type FakeJujuStateInit } from '../../src/testing';

const dispatchEnv = (
  dispatchPath: string,
  extra: Record<string, string> = {},
): Record<string, string> => ({
  JUJU_DISPATCH_PATH: dispatchPath,
  JUJU_UNIT_NAME: 'lego/0',
  JUJU_MODEL_NAME: 'm',
  JUJU_CHARM_DIR: '/charm',
  ...extra,
});

describe('runCharm', () => {
  let juju: FakeJuju;
  let runner: CommandRunner;
  let stderr: string;

  async function arrange(init: FakeJujuStateInit): Promise<void> {
    juju = await FakeJuju.create(init);
    runner = juju.runner();
  }

  function run(
    definition: CharmDefinition,
    env: Record<string, string>,
    pebble?: (name: string) => Pebble,
  ): Promise<number> {
    return runCharm(definition, {
      env,
      runner,
      stderr: (text) => {
        stderr += text;
      },
      ...(pebble ? { pebble } : {}),
    });
  }

  beforeEach(() => {
    stderr = '';
  });

  afterEach(() => juju?.remove());

  it('reconcile returning a message: unit and (leader) application active with it', async () => {
    await arrange({ leader: true });

    const exitCode = await run({ reconcile: () => 'ready' }, dispatchEnv('hooks/config-changed'));

    const state = juju.state();
    expect(exitCode).toBe(0);
    expect(state.unitStatus).toEqual({ status: 'active', message: 'ready' });
    expect(state.appStatus).toEqual({ status: 'active', message: 'ready' });
    expect(state.logs).toEqual([{ level: 'DEBUG', message: 'dispatching hooks/config-changed' }]);
  });

  it('on a non-leader only the unit status is set', async () => {
    await arrange({ leader: false });

    await run({ reconcile: async () => undefined }, dispatchEnv('hooks/update-status'));

    expect(juju.state().unitStatus).toEqual({ status: 'active', message: '' });
    expect(juju.state().appStatus).toEqual({ status: 'unknown', message: '' });
  });

  it.each([
    [new BlockedStatusError('missing integration: postgresql'), 'blocked'],
    [new WaitingStatusError('waiting for Pebble'), 'waiting'],
    [new MaintenanceStatusError('migrating'), 'maintenance'],
  ])('a thrown %p becomes the %s status, and the hook succeeds', async (error, status) => {
    await arrange({ leader: true });

    const exitCode = await run(
      {
        reconcile: () => {
          throw error;
        },
      },
      dispatchEnv('hooks/install'),
    );

    expect(exitCode).toBe(0);
    expect(juju.state().unitStatus).toEqual({ status, message: error.message });
    expect(juju.state().appStatus).toEqual({ status, message: error.message });
  });

  it('any other error fails the hook (exit 1), logged through juju-log, status untouched', async () => {
    await arrange({ leader: true });

    const exitCode = await run(
      {
        reconcile: () => {
          throw new Error('boom');
        },
      },
      dispatchEnv('hooks/config-changed'),
    );

    const state = juju.state();
    expect(exitCode).toBe(1);
    expect(state.unitStatus.status).toBe('maintenance');
    expect(state.logs[1]?.level).toBe('ERROR');
    expect(state.logs[1]?.message).toMatch(
      /^cannot reconcile for hooks\/config-changed: Error: boom\n\s+at /,
    );
  });

  it('gives handlers the parsed context and one Pebble per container from the factory', async () => {
    await arrange({});
    const made: string[] = [];
    const fakePebble = { canConnect: async () => true } as unknown as Pebble;
    let seen: unknown;

    await run(
      {
        reconcile: async (charm) => {
          seen = charm.context.event;
          charm.pebble('web');
          charm.pebble('web');
          return String(await charm.pebble('web').canConnect());
        },
      },
      dispatchEnv('hooks/web-pebble-ready', { JUJU_WORKLOAD_NAME: 'web' }),
      (name) => {
        made.push(name);
        return fakePebble;
      },
    );

    expect(seen).toEqual({ kind: 'pebble-ready', workload: 'web' });
    expect(made).toEqual(['web']);
    expect(juju.state().unitStatus.message).toBe('true');
  });

  it('routes an action to its handler with the parameters and records the results', async () => {
    await arrange({
      action: { name: 'list-domains', params: { username: 'ada' }, results: {}, logs: [] },
    });
    const reconcile = jest.fn();

    const exitCode = await run(
      {
        reconcile,
        actions: {
          'list-domains': (_charm, params) => ({ user: String(params.username), count: 2 }),
        },
      },
      dispatchEnv('actions/list-domains', {
        JUJU_ACTION_NAME: 'list-domains',
        JUJU_ACTION_UUID: '1',
      }),
    );

    expect(exitCode).toBe(0);
    expect(reconcile).not.toHaveBeenCalled();
    expect(juju.state().action?.results).toEqual({ user: 'ada', count: '2' });
    expect(juju.state().unitStatus.status).toBe('maintenance');
  });

  it('ActionFailedError fails the action with its message and partial results, and exits 0', async () => {
    await arrange({ action: { name: 'allow', params: {}, results: {}, logs: [] } });

    const exitCode = await run(
      {
        reconcile: () => undefined,
        actions: {
          allow: () => {
            throw new ActionFailedError('user "ada" does not exist', { granted: 0 });
          },
        },
      },
      dispatchEnv('actions/allow'),
    );

    expect(exitCode).toBe(0);
    expect(juju.state().action).toMatchObject({
      failureMessage: 'user "ada" does not exist',
      results: { granted: '0' },
    });
  });

  it('an unexpected error in an action, or a missing handler, fails the action and exits 1', async () => {
    await arrange({ action: { name: 'allow', params: {}, results: {}, logs: [] } });

    const crashed = await run(
      {
        reconcile: () => undefined,
        actions: {
          allow: () => {
            throw new TypeError('x is undefined');
          },
        },
      },
      dispatchEnv('actions/allow'),
    );
    expect(crashed).toBe(1);
    expect(juju.state().action?.failureMessage).toBe('cannot run action allow: x is undefined');

    const missing = await run({ reconcile: () => undefined }, dispatchEnv('actions/allow'));
    expect(missing).toBe(1);
    expect(juju.state().action?.failureMessage).toBe(
      'cannot run action allow: the charm has no handler for action "allow"',
    );
  });

  it('refuses to run outside Juju: exit 1, the reason on stderr, no hook tool called', async () => {
    await arrange({});

    const exitCode = await run({ reconcile: () => 'never' }, { PATH: '/usr/bin' });

    expect(exitCode).toBe(1);
    expect(stderr).toContain('cannot read the Juju context: JUJU_DISPATCH_PATH');
    expect(juju.state().toolCalls).toEqual([]);
  });

  it('when juju-log itself fails, the log line goes to stderr instead', async () => {
    await arrange({ leader: true });
    const failingLog: CommandRunner = {
      run: (tool, args, options) =>
        tool === 'juju-log'
          ? Promise.resolve({ exitCode: 1, stdout: '', stderr: 'ERROR no context' })
          : runner.run(tool, args, options),
    };

    const exitCode = await runCharm(
      { reconcile: () => 'ok' },
      { env: dispatchEnv('hooks/start'), runner: failingLog, stderr: (text) => (stderr += text) },
    );

    expect(exitCode).toBe(0);
    expect(stderr).toContain(
      'DEBUG dispatching hooks/start\n(juju-log failed: cannot run juju-log',
    );
  });
});
