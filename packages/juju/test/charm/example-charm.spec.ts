import { readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { CharmHarness, events } from '../../src/testing';
import { buildCharmDir } from '../helpers/charm-dir';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('the example charm run through the harness', () => {
  let charmDir: string;
  let harness: CharmHarness;
  let port: number;

  beforeAll(async () => {
    charmDir = await buildCharmDir(join(__dirname, '../fixtures/example-charm/charm.ts'));
  });

  afterAll(() => rm(charmDir, { recursive: true, force: true }));

  beforeEach(async () => {
    port = await freePort();
    harness = await CharmHarness.create({
      charmDir,
      containers: ['web'],
      serviceOkayDelayMs: 200,
      state: { unit: 'example/0', leader: true, config: { port, greeting: 'hi there' } },
    });
  });

  afterEach(async () => {
    await harness.close();
  });

  it('pebble-ready: adds the layer, starts the service, opens the port and goes active', async () => {
    const result = await harness.dispatch(events.pebbleReady('web'));

    expect(result.exitCode).toBe(0);
    expect(result.state.unitStatus).toEqual({
      status: 'active',
      message: `serving on port ${port}`,
    });
    expect(result.state.appStatus).toEqual({
      status: 'active',
      message: `serving on port ${port}`,
    });
    expect(result.state.openedPorts).toEqual([`${port}/tcp`]);
    const pebble = harness.pebble('web');
    expect(pebble.layerLabels()).toEqual(['example']);
    expect(pebble.layer('example')?.checks?.['web-ready']).toMatchObject({
      level: 'ready',
      period: '200ms',
    });
    expect(pebble.plan().services?.web).toMatchObject({
      command: 'node server.js',
      startup: 'enabled',
    });
    expect(pebble.isServiceRunning('web')).toBe(true);
    const response = await fetch(`http://localhost:${port}/`);
    expect(await response.text()).toBe('hi there\n');
    const pushed = pebble.hostPath('/srv/app/server.js');
    expect((await stat(pushed)).mode & 0o777).toBe(0o640);
    expect(pebble.ownershipOf('/srv/app/server.js')).toEqual({ user: 'app', group: 'app' });
    expect(await readFile(join(pebble.logsDir, 'web.log'), 'utf8')).toContain(
      `listening on ${port}`,
    );
  });

  it('config-changed with a bad port: Blocked, nothing started', async () => {
    harness.update((state) => {
      state.config.port = 80;
    });

    const result = await harness.dispatch(events.configChanged());

    expect(result.exitCode).toBe(0);
    expect(result.state.unitStatus).toEqual({
      status: 'blocked',
      message: 'invalid config: port must be an integer from 1024 to 65535, got 80',
    });
    expect(harness.pebble('web').layerLabels()).toEqual([]);
  });

  it('an action: results from a command run in the container, nested keys kept', async () => {
    const result = await harness.dispatch(events.action('greet', { name: 'Ada' }));

    expect(result.exitCode).toBe(0);
    expect(result.state.action).toEqual({
      name: 'greet',
      params: { name: 'Ada' },
      results: { greeting: 'hello, Ada', details: { length: '10' } },
      logs: [],
    });
  });

  it('an action without its parameter: fails with the handler message', async () => {
    const result = await harness.dispatch(events.action('greet'));

    expect(result.exitCode).toBe(0);
    expect(result.state.action?.failureMessage).toBe('the name parameter is required');
  });
});
