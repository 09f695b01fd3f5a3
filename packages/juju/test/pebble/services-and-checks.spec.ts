import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';

import { ChangeError, PebbleApiError } from '../../src';
import { type FakePebble, startFakePebble } from '../helpers/fake-pebble';

// A Node one-liner that serves HTTP on PORT until killed.
const HTTP_SERVICE = `node -e "require('http').createServer((q,s)=>s.end('ok')).listen(process.env.PORT)"`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// Generous: a check's first probe may wait for a Node.js start on a loaded machine.
async function eventually(assertion: () => Promise<void>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('PebbleClient: services, changes and checks', () => {
  let pebble: FakePebble;

  beforeEach(async () => {
    pebble = await startFakePebble();
  });

  afterEach(() => pebble.close());

  it('replan starts enabled services as processes and waits for the change', async () => {
    await pebble.client.addLayer('l', {
      services: {
        web: { override: 'replace', command: 'sleep 30', startup: 'enabled' },
        worker: { override: 'replace', command: 'sleep 30' },
      },
    });

    const change = await pebble.client.replan();

    expect(change).toMatchObject({
      kind: 'replan',
      status: 'Done',
      ready: true,
      summary: 'Replan service "web"',
    });
    expect(change.tasks.map((task) => [task.kind, task.summary, task.status])).toEqual([
      ['start', 'Start service "web"', 'Done'],
    ]);
    expect(await pebble.client.getServices()).toEqual([
      expect.objectContaining({ name: 'web', startup: 'enabled', current: 'active' }),
      { name: 'worker', startup: 'disabled', current: 'inactive' },
    ]);
    expect(pebble.server.isServiceRunning('web')).toBe(true);
  });

  it('stop, start and restart act on the named services', async () => {
    await pebble.client.addLayer('l', {
      services: { web: { override: 'replace', command: 'sleep 30' } },
    });

    await pebble.client.startServices(['web']);
    expect((await pebble.client.getServices(['web']))[0]?.current).toBe('active');
    const restart = await pebble.client.restartServices(['web']);
    expect(restart.tasks.map((task) => task.kind)).toEqual(['stop', 'start']);
    await pebble.client.stopServices(['web']);

    expect((await pebble.client.getServices(['web']))[0]?.current).toBe('inactive');
    expect(pebble.server.isServiceRunning('web')).toBe(false);
  });

  it('replan restarts a running service whose definition changed', async () => {
    await pebble.client.addLayer('l', {
      services: { web: { override: 'replace', command: 'sleep 30', startup: 'enabled' } },
    });
    await pebble.client.replan();
    await pebble.client.addLayer(
      'l',
      { services: { web: { override: 'merge', environment: { X: '1' } } } },
      { combine: true },
    );

    const change = await pebble.client.replan();

    expect(change.tasks.map((task) => task.summary)).toEqual([
      'Stop service "web"',
      'Start service "web"',
    ]);
  });

  it('an http check probes its URL: up while the service answers, down after the threshold', async () => {
    const port = await freePort();
    await pebble.client.addLayer('l', {
      services: {
        web: {
          override: 'replace',
          command: HTTP_SERVICE,
          startup: 'enabled',
          environment: { PORT: String(port) },
        },
      },
      checks: {
        ready: {
          override: 'replace',
          level: 'ready',
          period: '100ms',
          threshold: 2,
          http: { url: `http://localhost:${port}/` },
        },
      },
    });
    await pebble.client.replan();

    await eventually(async () => {
      expect((await pebble.client.getChecks())[0]).toMatchObject({
        name: 'ready',
        status: 'up',
        level: 'ready',
      });
      expect((await pebble.client.getChecks())[0]?.successes).toBeGreaterThan(0);
    });
    expect(await pebble.client.isHealthy({ level: 'ready' })).toBe(true);

    await pebble.client.stopServices(['web']);

    await eventually(async () => {
      expect((await pebble.client.getChecks({ names: ['ready'] }))[0]).toMatchObject({
        status: 'down',
        threshold: 2,
      });
    });
    expect(await pebble.client.isHealthy()).toBe(false);
    expect(await pebble.client.getChecks({ level: 'alive' })).toEqual([]);
  });
});

// A start counts as done only after a minute here: a shell that exits at once is certain to exit
// within it, and a start is certain to be pending when a short wait gives up, however loaded the
// machine. Closing the fake stops the services, which ends the pending starts.
describe('PebbleClient: changes whose start is pending', () => {
  let pebble: FakePebble;

  beforeEach(async () => {
    pebble = await startFakePebble(60_000);
  });

  afterEach(() => pebble.close());

  it('starting an unknown service is a 400; a service that exits at once fails the change', async () => {
    await expect(pebble.client.startServices(['nope'])).rejects.toEqual(
      expect.objectContaining({
        statusCode: 400,
        message: expect.stringContaining('service "nope" does not exist'),
      }),
    );
    await pebble.client.addLayer('l', {
      services: { bad: { override: 'replace', command: 'sh -c "exit 3"' } },
    });

    const error = await pebble.client.startServices(['bad']).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ChangeError);
    expect((error as ChangeError).change.err).toBe(
      'cannot perform the following tasks:\n- Start service "bad" (cannot start service: exited quickly with code 3)',
    );
    expect((await pebble.client.getServices(['bad']))[0]?.current).toBe('error');
  });

  it('waitChange gives up with PebbleTimeoutError when the change is not ready in time', async () => {
    await pebble.client.addLayer('l', {
      services: { slow: { override: 'replace', command: 'sleep 30' } },
    });
    await expect(pebble.client.getServices(['slow'])).resolves.toHaveLength(1);

    // The start needs a minute to count as done; the wait gives up after 50 ms.
    const error = await pebble.client
      .startServices(['slow'], { timeoutMs: 50 })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'PebbleTimeoutError' });
    expect((error as Error).message).toMatch(/^cannot wait for change \d+: not ready after 50 ms$/);
    expect(error).not.toBeInstanceOf(PebbleApiError);
  });
});
