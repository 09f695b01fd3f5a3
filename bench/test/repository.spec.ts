import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from '../src/git';
import { buildRepository, packRepository } from '../src/repository';

/** Packs in a repository, as `git count-objects` counts them. */
async function packs(repository: string): Promise<number> {
  const counts = await git(['count-objects', '-v'], repository);
  return Number(/^packs: (\d+)$/m.exec(counts)?.[1]);
}

describe('a bench remote', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hlp-bench-remote-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('never packs itself on a push, however many packs it holds; packRepository packs it', async () => {
    const remote = join(dir, 'remote.git');
    const clone = join(dir, 'clone');
    await buildRepository(remote, 2, 3);
    // Each push kept as a pack of its own, and more than one pack makes `git gc --auto` (which a
    // push runs, unless turned off) pack them all into one, in the foreground.
    for (const [key, value] of [
      ['receive.unpackLimit', '1'],
      ['gc.autoPackLimit', '1'],
      ['gc.autoDetach', 'false'],
    ])
      await git(['config', key, value], remote);
    await git(['clone', '--quiet', remote, clone]);
    for (let i = 0; i < 3; i += 1) {
      await git(['commit', '--quiet', '--allow-empty', '-m', `push ${i}`], clone);
      await git(['push', '--quiet', 'origin', 'main'], clone);
    }
    // One per push (what fast-import wrote is loose, being so little); gc --auto would leave one.
    expect(await packs(remote)).toBe(3);
    await packRepository(remote);
    expect(await packs(remote)).toBe(1);
    expect((await git(['rev-list', '--count', 'main'], remote)).trim()).toBe('7');
  });
});
