import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { PebbleApiError, PebbleClient, PebbleConnectionError } from '../../src';
import { type FakePebble, startFakePebble } from '../helpers/fake-pebble';

describe('PebbleClient: connecting, layers and plan', () => {
  let pebble: FakePebble;

  beforeEach(async () => {
    pebble = await startFakePebble();
  });

  afterEach(() => pebble.close());

  it('reads system-info and can connect', async () => {
    const info = await pebble.client.systemInfo();

    expect(info.version).toBe('fake');
    expect(info.bootId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await pebble.client.canConnect()).toBe(true);
  });

  it('a missing socket cannot connect; a call raises PebbleConnectionError naming the socket', async () => {
    const client = new PebbleClient({ socketPath: join(pebble.dir, 'missing.socket') });

    expect(await client.canConnect()).toBe(false);
    const error = await client.getPlan().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PebbleConnectionError);
    expect((error as Error).message).toBe(
      `cannot connect to Pebble at ${join(pebble.dir, 'missing.socket')}: ENOENT`,
    );
  });

  it('a socket path nobody listens on is refused', async () => {
    const path = join(pebble.dir, 'dead.socket');
    await writeFile(path, '');

    await expect(new PebbleClient({ socketPath: path }).systemInfo()).rejects.toMatchObject({
      name: 'PebbleConnectionError',
      message: `cannot connect to Pebble at ${path}: ECONNREFUSED`,
    });
  });

  it('adds layers and reads the combined plan', async () => {
    await pebble.client.addLayer('base', {
      services: { app: { override: 'replace', command: 'sleep 60', environment: { A: '1' } } },
    });
    await pebble.client.addLayer('charm', {
      services: { app: { override: 'merge', environment: { B: '2' }, startup: 'enabled' } },
    });

    expect(await pebble.client.getPlan()).toEqual({
      services: {
        app: {
          override: 'replace',
          command: 'sleep 60',
          environment: { A: '1', B: '2' },
          startup: 'enabled',
        },
      },
    });
    expect(pebble.server.layerLabels()).toEqual(['base', 'charm']);
  });

  it('combine merges into the layer with the same label instead of adding one', async () => {
    await pebble.client.addLayer('charm', {
      services: { app: { override: 'replace', command: 'a', user: 'x' } },
    });
    await pebble.client.addLayer(
      'charm',
      { services: { app: { override: 'replace', command: 'b' } }, checks: {} },
      { combine: true },
    );

    expect(pebble.server.layerLabels()).toEqual(['charm']);
    expect((await pebble.client.getPlan()).services?.app).toEqual({
      override: 'replace',
      command: 'b',
    });
  });

  it('adding an existing label without combine is a 400 PebbleApiError', async () => {
    await pebble.client.addLayer('charm', {
      services: { app: { override: 'replace', command: 'a' } },
    });

    const error = await pebble.client
      .addLayer('charm', { services: { app: { override: 'replace', command: 'b' } } })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PebbleApiError);
    expect(error).toMatchObject({ statusCode: 400, request: 'POST /v1/layers' });
    expect((error as Error).message).toBe(
      'cannot POST /v1/layers: 400: layer "charm" already exists',
    );
  });

  it('an unknown change is a 404 not-found PebbleApiError', async () => {
    await expect(pebble.client.waitChange('999')).rejects.toMatchObject({
      name: 'PebbleApiError',
      statusCode: 404,
      kind: 'not-found',
    });
  });
});
