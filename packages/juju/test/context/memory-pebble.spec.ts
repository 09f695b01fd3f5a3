import {
  ChangeError,
  ExecError,
  PebbleApiError,
  PebbleConnectionError,
  PebblePathError,
} from '../../src';
import { MemoryPebble, containerPlan, containerState } from '../../src/testing';

const pebbleOf = (init = {}) => {
  const container = containerState(init);
  return { container, pebble: new MemoryPebble(container, '/charm/containers/web/pebble.socket') };
};

const service = (command: string, extra: Record<string, unknown> = {}) => ({
  services: {
    web: { override: 'replace' as const, command, startup: 'enabled' as const, ...extra },
  },
});

describe('MemoryPebble: the Pebble API in memory, over a container state', () => {
  it('layers merge as Pebble merges them, and a layer without override is refused', async () => {
    const { pebble, container } = pebbleOf();
    await pebble.addLayer('base', { ...service('serve', { environment: { A: '1', B: '1' } }) });
    await pebble.addLayer(
      'base',
      { services: { web: { override: 'merge', environment: { B: '2' } } } },
      { combine: true },
    );

    expect((await pebble.getPlan()).services?.web?.environment).toEqual({ A: '1', B: '2' });
    expect(container.layers.map((entry) => entry.label)).toEqual(['base']);
    expect(containerPlan(container)).toEqual(await pebble.getPlan());
    await expect(pebble.addLayer('base', service('x'))).rejects.toThrow(
      new PebbleApiError(400, '', 'layer "base" already exists', 'POST /v1/layers'),
    );
    await expect(
      pebble.addLayer('other', { services: { web: { command: 'x' } } } as never),
    ).rejects.toThrow(/400: layer "other" must define "override" for service "web"/);
  });

  it('replan: starts enabled services, restarts changed ones, leaves the rest', async () => {
    const { pebble, container } = pebbleOf();
    await pebble.addLayer('base', service('serve'));

    const first = await pebble.replan();
    const again = await pebble.replan();
    await pebble.addLayer('base', service('serve --debug'), { combine: true });
    const changed = await pebble.replan();

    expect(first.summary).toBe('Replan service "web"');
    expect(first.tasks.map((task) => task.summary)).toEqual(['Start service "web"']);
    expect(again.summary).toBe('Replan - no services');
    expect(changed.tasks.map((task) => task.summary)).toEqual([
      'Stop service "web"',
      'Start service "web"',
    ]);
    expect(container.services.web).toMatchObject({ current: 'active', starts: 2 });
    expect(await pebble.getServices(['web'])).toEqual([
      { name: 'web', startup: 'enabled', current: 'active' },
    ]);
  });

  it("stop, start, and a service that fails to start: a ChangeError with Pebble's err", async () => {
    const { pebble, container } = pebbleOf();
    await pebble.addLayer('base', service('serve'));
    await pebble.replan();

    await pebble.stopServices(['web']);
    expect(container.services.web?.current).toBe('inactive');
    container.services.web!.failsToStart = true;

    const error = (await pebble
      .startServices(['web'])
      .catch((caught: unknown) => caught)) as ChangeError;
    expect(error).toBeInstanceOf(ChangeError);
    expect(error.change.err).toBe(
      'cannot perform the following tasks:\n- Start service "web" (cannot start service: exited quickly with code 1)',
    );
    expect(container.services.web?.current).toBe('error');
    await expect(pebble.stopServices(['nope'])).rejects.toThrow(
      /400: cannot stop services: service "nope" does not exist/,
    );
  });

  it('files: parents must exist, modes and owners are kept, listing filters by glob', async () => {
    const { pebble, container } = pebbleOf({
      files: { '/app/dist/1-a.js': { content: '', permissions: 0o644 } },
    });

    await expect(pebble.push('/etc/app/key', 'k')).rejects.toThrow(PebblePathError);
    await pebble.makeDir('/etc/app', {
      makeParents: true,
      permissions: 0o700,
      user: 'u',
      group: 'u',
    });
    await pebble.push('/etc/app/key', 'k', { permissions: 0o600, user: 'u', group: 'u' });
    await pebble.push('/app/dist/readme.md', 'r');

    expect(container.dirs['/etc/app']).toEqual({ permissions: 0o700, user: 'u', group: 'u' });
    expect((await pebble.pull('/etc/app/key')).toString()).toBe('k');
    expect(
      (await pebble.listFiles('/app/dist', { pattern: '[0-9]*.js' })).map((file) => file.name),
    ).toEqual(['1-a.js']);
    await expect(pebble.removePath('/etc/app')).rejects.toThrow(/directory not empty/);
    await pebble.removePath('/etc/app/key');
    const missing = (await pebble
      .pull('/etc/app/key')
      .catch((caught: unknown) => caught)) as PebblePathError;
    expect(missing.kind).toBe('not-found');
    await expect(pebble.listFiles('/nowhere')).rejects.toThrow(/404 not-found/);
  });

  it('exec: the longest matching stub answers; a non-zero exit is an ExecError; unknown commands are not found', async () => {
    const { pebble, container } = pebbleOf({
      execs: [
        { command: ['cli'], outcome: { stdout: 'general' } },
        { command: ['cli', 'fail'], outcome: { exitCode: 2, stdout: 'out', stderr: 'it failed' } },
      ],
    });

    expect(await pebble.exec(['cli', 'list'], { environment: { A: '1' }, user: 'u' })).toEqual({
      stdout: 'general',
      stderr: '',
    });
    await expect(pebble.exec(['cli', 'fail'])).rejects.toThrow(
      new ExecError(['cli', 'fail'], 2, 'out', 'it failed'),
    );
    await expect(pebble.exec(['other'])).rejects.toThrow(/400: cannot find executable "other"/);
    expect(container.execLog[0]).toEqual({
      command: ['cli', 'list'],
      environment: { A: '1' },
      user: 'u',
    });
  });

  it('checks and health come from the state; a container that is down refuses every call', async () => {
    const { pebble, container } = pebbleOf();
    await pebble.addLayer('base', {
      checks: {
        ready: { override: 'replace', level: 'ready', http: { url: 'http://localhost/' } },
      },
    });

    expect(await pebble.isHealthy({ level: 'ready' })).toBe(true);
    container.checks.ready = { status: 'down', failures: 3 };
    expect(await pebble.getChecks()).toEqual([
      {
        name: 'ready',
        level: 'ready',
        startup: 'enabled',
        status: 'down',
        successes: 0,
        failures: 3,
        threshold: 3,
      },
    ]);
    expect(await pebble.isHealthy({ level: 'ready' })).toBe(false);

    container.canConnect = false;
    expect(await pebble.canConnect()).toBe(false);
    await expect(pebble.getPlan()).rejects.toThrow(PebbleConnectionError);
  });
});
