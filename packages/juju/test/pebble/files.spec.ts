import { readFile, stat } from 'node:fs/promises';

import { PebbleApiError, PebblePathError } from '../../src';
import { type FakePebble, startFakePebble } from '../helpers/fake-pebble';

describe('PebbleClient: files', () => {
  let pebble: FakePebble;

  beforeEach(async () => {
    pebble = await startFakePebble();
  });

  afterEach(() => pebble.close());

  it('push writes into the sandbox with the mode, records the owner, and makes parent dirs', async () => {
    await pebble.client.push('/var/lib/app/.ssh/id_ed25519', 'KEY\n', {
      makeDirs: true,
      permissions: 0o600,
      user: '_daemon_',
      group: '_daemon_',
    });

    const host = pebble.server.hostPath('/var/lib/app/.ssh/id_ed25519');
    expect(await readFile(host, 'utf8')).toBe('KEY\n');
    expect((await stat(host)).mode & 0o777).toBe(0o600);
    expect((await stat(pebble.server.hostPath('/var/lib/app/.ssh'))).mode & 0o777).toBe(0o755);
    expect(pebble.server.ownershipOf('/var/lib/app/.ssh/id_ed25519')).toEqual({
      user: '_daemon_',
      group: '_daemon_',
    });
    expect(pebble.server.ownershipOf('/var/lib/app/.ssh')).toEqual({
      user: '_daemon_',
      group: '_daemon_',
    });
  });

  it('push without make-dirs into a missing directory is a not-found PebblePathError', async () => {
    const error = await pebble.client.push('/missing/file', 'x').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PebblePathError);
    expect(error).toMatchObject({ operation: 'push', path: '/missing/file', kind: 'not-found' });
  });

  it('pull reads a file back byte for byte; a missing one is a not-found PebblePathError', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 13, 10]);
    await pebble.client.push('/data.bin', bytes);

    expect((await pebble.client.pull('/data.bin')).equals(bytes)).toBe(true);
    await expect(pebble.client.pull('/nope')).rejects.toMatchObject({
      name: 'PebblePathError',
      kind: 'not-found',
      message: 'cannot pull /nope: not-found: stat /nope: no such file or directory',
    });
  });

  it('listFiles describes entries with type, permissions and recorded ownership; patterns filter', async () => {
    await pebble.client.push('/etc/app/a.conf', 'a', {
      makeDirs: true,
      permissions: 0o640,
      userId: 584792,
      groupId: 584792,
    });
    await pebble.client.push('/etc/app/b.txt', 'bb');
    await pebble.client.makeDir('/etc/app/conf.d', { permissions: 0o700 });

    const entries = await pebble.client.listFiles('/etc/app');
    expect(entries.map((entry) => [entry.name, entry.type, entry.permissions])).toEqual([
      ['a.conf', 'file', 0o640],
      ['b.txt', 'file', 0o644],
      ['conf.d', 'directory', 0o700],
    ]);
    expect(entries[0]).toMatchObject({
      path: '/etc/app/a.conf',
      size: 1,
      userId: 584792,
      groupId: 584792,
    });
    expect(
      (await pebble.client.listFiles('/etc/app', { pattern: '*.conf' })).map((entry) => entry.name),
    ).toEqual(['a.conf']);
    expect((await pebble.client.listFiles('/etc/app', { itself: true }))[0]).toMatchObject({
      path: '/etc/app',
      type: 'directory',
    });
  });

  it('listFiles of a missing path is a 404 not-found PebbleApiError', async () => {
    const error = await pebble.client.listFiles('/nowhere').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PebbleApiError);
    expect(error).toMatchObject({ statusCode: 404, kind: 'not-found' });
  });

  it('makeDir with parents, and removePath (recursive or not)', async () => {
    await pebble.client.makeDir('/srv/a/b', { makeParents: true, user: 'app' });
    await pebble.client.push('/srv/a/b/f', 'x');

    await expect(pebble.client.makeDir('/srv/a/b')).rejects.toMatchObject({
      kind: 'generic-file-error',
    });
    await expect(pebble.client.removePath('/srv/a')).rejects.toMatchObject({
      name: 'PebblePathError',
    });
    await pebble.client.removePath('/srv/a', { recursive: true });

    expect(await pebble.client.listFiles('/srv')).toEqual([]);
    expect(pebble.server.ownershipOf('/srv/a/b')).toBeUndefined();
  });
});
