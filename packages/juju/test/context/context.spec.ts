import { BlockedStatusError, relationSet } from '../../src';
import { Context, UncaughtCharmError, events, state } from '../../src/testing';
import { EXAMPLE_CHARM } from '../fixtures/example-charm/definition';

const ctx = new Context(EXAMPLE_CHARM);

const arranged = (config: Record<string, string | number> = { port: 8080 }) =>
  state({ unit: 'example/0', leader: true, config, containers: { web: {} } });

describe('Context.run: a charm from one state to the next, in this process', () => {
  it('pebble-ready: the file, the layer, the service started once, the port and Active', async () => {
    const before = arranged({ port: 8080, greeting: 'hi there' });

    const after = await ctx.run(events.pebbleReady('web'), before);

    expect(after.unitStatus).toEqual({ status: 'active', message: 'serving on port 8080' });
    expect(after.appStatus).toEqual(after.unitStatus);
    expect(after.openedPorts).toEqual(['8080/tcp']);
    const web = after.containers.web;
    expect(web?.files['/srv/app/server.js']).toMatchObject({
      permissions: 0o640,
      user: 'app',
      group: 'app',
    });
    expect(web?.layers.map((entry) => entry.label)).toEqual(['example']);
    expect(web?.layers[0]?.layer.services?.web?.environment).toEqual({
      PORT: '8080',
      GREETING: 'hi there',
    });
    expect(web?.services.web).toMatchObject({ current: 'active', starts: 1 });
    // The input is left as it was.
    expect(before.containers.web?.layers).toEqual([]);
    expect(before.unitStatus.status).toBe('maintenance');
  });

  it('replans only what changed: same config, no restart; new config, one restart', async () => {
    const first = await ctx.run(events.pebbleReady('web'), arranged());

    const same = await ctx.run(events.configChanged(), first);
    const changed = await ctx.run(events.configChanged(), {
      ...same,
      config: { port: 8080, greeting: 'bye' },
    });

    expect(same.containers.web?.services.web?.starts).toBe(1);
    expect(changed.containers.web?.services.web).toMatchObject({ current: 'active', starts: 2 });
  });

  it('a service that cannot start: the replan fails, and so does the hook', async () => {
    const before = arranged();
    before.containers.web = {
      ...before.containers.web!,
      services: { web: { current: 'inactive', starts: 0, failsToStart: true } },
    };

    const error = (await ctx
      .run(events.pebbleReady('web'), before)
      .catch((caught: unknown) => caught)) as UncaughtCharmError;

    expect(error).toBeInstanceOf(UncaughtCharmError);
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain(
      'Start service "web" (cannot start service: exited quickly with code 1)',
    );
    expect(error.state.containers.web?.services.web?.current).toBe('error');
    // Juju keeps statuses and logs of a failed hook, not its ports.
    expect(error.state.openedPorts).toEqual([]);
  });

  it('Pebble not up: the charm waits, and the container is untouched', async () => {
    const before = arranged();
    before.containers.web!.canConnect = false;

    const after = await ctx.run(events.configChanged(), before);

    expect(after.unitStatus).toEqual({
      status: 'waiting',
      message: 'waiting for the web container',
    });
    expect(after.containers.web?.files).toEqual({});
  });

  it('a status error: the status, not a failure', async () => {
    const after = await ctx.run(events.configChanged(), arranged({ port: 80 }));

    expect(after.unitStatus).toEqual({
      status: 'blocked',
      message: 'invalid config: port must be an integer from 1024 to 65535, got 80',
    });
  });

  it('an action: its exec, stdin included, and its results; a failure with its message', async () => {
    const before = arranged();
    before.containers.web!.execs = [
      { command: ['node'], outcome: { exitCode: 127, stderr: 'not this one' } },
      { command: ['node', '-e'], outcome: (call) => ({ stdout: call.stdin ?? '' }) },
    ];

    const greeted = await ctx.run(events.action('greet', { name: 'ada' }), before);
    const refused = await ctx.run(events.action('greet', {}), before);

    expect(greeted.action?.results).toEqual({ greeting: 'hello, ada', details: { length: '10' } });
    expect(greeted.containers.web?.execLog).toEqual([
      {
        command: ['node', '-e', 'process.stdin.pipe(process.stdout)'],
        environment: {},
        stdin: 'hello, ada',
      },
    ]);
    expect(refused.action?.failureMessage).toBe('the name parameter is required');
  });

  it('an unexpected error: relation data written in the hook is discarded, as Juju does', async () => {
    const failing = new Context({
      async reconcile(charm) {
        await relationSet(charm.runner, { endpoint: 'db', id: 1 }, { asked: 'yes' });
        throw new Error('boom');
      },
    });
    const before = state({ relations: [{ id: 1, endpoint: 'db', remoteApp: 'pg' }] });

    const error = (await failing
      .run(events.configChanged(), before)
      .catch((caught: unknown) => caught)) as UncaughtCharmError;

    expect(error.message).toMatch(/cannot reconcile for hooks\/config-changed: Error: boom/);
    expect(error.state.relations[0]?.localUnitData).toEqual({});
    expect(error.state.toolCalls).toContainEqual(['relation-set', '-r', 'db:1', '--file', '-']);
  });

  it('hook tools refuse what Juju refuses: a non-leader writing its application bag', async () => {
    const writer = new Context({
      async reconcile(charm) {
        await relationSet(charm.runner, { endpoint: 'db', id: 1 }, { asked: 'yes' }, { app: true });
      },
    });
    const before = state({
      leader: false,
      relations: [{ id: 1, endpoint: 'db', remoteApp: 'pg' }],
    });

    await expect(writer.run(events.configChanged(), before)).rejects.toThrow(
      /cannot run relation-set .*: exit code 1: ERROR cannot write relation settings/,
    );
  });

  it('a container the state does not have: the error names it', async () => {
    const blocked = new Context({
      async reconcile(charm) {
        if (!(await charm.pebble('db').canConnect())) throw new BlockedStatusError('no');
      },
    });

    await expect(blocked.run(events.configChanged(), state())).rejects.toThrow(
      /cannot find container "db" in the state/,
    );
  });
});
