import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PebbleClient } from '../../src';
import { FakePebbleServer } from '../../src/testing';

/** A fake Pebble in a temporary directory and a client on its socket. */
export interface FakePebble {
  readonly server: FakePebbleServer;
  readonly client: PebbleClient;
  readonly dir: string;
  close(): Promise<void>;
}

/**
 * Starts a fake Pebble. A service counts as started after `serviceOkayDelayMs` (default 150: tests
 * need not wait Pebble's full second); a test that needs a start to stay pending, or a command to
 * exit within the delay, sets a long one so that a loaded machine cannot change the outcome.
 */
export async function startFakePebble(serviceOkayDelayMs = 150): Promise<FakePebble> {
  const dir = await mkdtemp(join(tmpdir(), 'hlp-pebble-test-'));
  const server = await FakePebbleServer.start({
    socketPath: join(dir, 'pebble.socket'),
    rootDir: join(dir, 'root'),
    serviceOkayDelayMs,
  });
  return {
    server,
    client: new PebbleClient({ socketPath: server.socketPath }),
    dir,
    async close() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
