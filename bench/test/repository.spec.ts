import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { storedObjects } from '../../apps/workload/test/support/zone-repository';
import { git } from '../src/git';
import { buildRepository, packRepository } from '../src/repository';

describe('a bench remote', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hlp-bench-remote-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('packs itself on a push only past gc.autoPackLimit, never for loose objects; packRepository packs it', async () => {
    const remote = join(dir, 'remote.git');
    const clone = join(dir, 'clone');
    await buildRepository(remote, 2, 3);
    // No count of loose objects a run reaches starts gc --auto.
    expect(Number((await git(['config', 'gc.auto'], remote)).trim())).toBeGreaterThan(1_000_000);
    // In the foreground, to be seen at once.
    await git(['config', 'gc.autoDetach', 'false'], remote);
    await git(['clone', '--quiet', remote, clone]);
    let pushes = 0;
    const push = async (receivePack: string) => {
      pushes += 1;
      await git(['commit', '--quiet', '--allow-empty', '-m', `push ${pushes}`], clone);
      await git(
        ['-c', `remote.origin.receivepack=${receivePack}`, 'push', '--quiet', 'origin', 'main'],
        clone,
      );
    };
    // Each pack kept whole, as the service's pushes to a repository on this machine are: past one
    // pack (the limit, here), the push's gc --auto joins them.
    for (let i = 0; i < 3; i += 1)
      await push('git -c receive.unpackLimit=1 -c gc.autoPackLimit=1 receive-pack');
    expect(await storedObjects(remote)).toEqual({ loose: 0, packs: 1 });
    // Unpacked, as a bare git push's are: they stay loose.
    for (let i = 0; i < 3; i += 1) await push('git -c gc.autoPackLimit=1 receive-pack');
    expect(await storedObjects(remote)).toEqual({ loose: 3, packs: 1 });
    await packRepository(remote);
    expect(await storedObjects(remote)).toEqual({ loose: 0, packs: 1 });
    expect((await git(['rev-list', '--count', 'main'], remote)).trim()).toBe('10');
  });

  it('waits for a gc a push left running in the background, which a second gc would refuse', async () => {
    const remote = join(dir, 'remote.git');
    await buildRepository(remote, 2, 3);
    // A live process holds the gc's lock, as a detached `git gc --auto` does until it ends.
    const running = spawn('cat', [], { stdio: ['pipe', 'ignore', 'ignore'] });
    await once(running, 'spawn');
    await writeFile(join(remote, 'gc.pid'), `${running.pid} ${hostname()}`);
    await expect(git(['gc', '--quiet'], remote)).rejects.toThrow(/gc is already running/);
    let packed = false;
    const packing = packRepository(remote).then(() => (packed = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(packed).toBe(false);
    running.stdin.end();
    await once(running, 'exit');
    await packing;
    expect(await storedObjects(remote)).toEqual({ loose: 0, packs: 1 });
  });
});
