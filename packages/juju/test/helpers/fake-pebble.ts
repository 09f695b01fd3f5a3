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

/** Starts a fake Pebble with a short service okay-delay (tests need not wait Pebble's full second). */
export async function startFakePebble(): Promise<FakePebble> {
  const dir = await mkdtemp(join(tmpdir(), 'hlp-pebble-test-'));
  const server = await FakePebbleServer.start({
    socketPath: join(dir, 'pebble.socket'),
    rootDir: join(dir, 'root'),
    serviceOkayDelayMs: 150,
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
