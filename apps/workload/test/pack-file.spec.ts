import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeCommit, encodeObject, encodeTree, objectId } from '../src/records/git-objects';
import { runGit } from '../src/records/git-process';
import { encodePack } from '../src/records/pack-file';

describe('encodePack, checked against git itself', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hlp-pack-'));
    await runGit(['init', '--quiet', '--bare', dir]);
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes a pack git indexes and verifies, holding the objects under their ids', async () => {
    const small = encodeObject('blob', Buffer.from('$ORIGIN example.com.\n'));
    // Over a megabyte: lengths past the header's third byte, a body deflated in many blocks.
    const large = encodeObject(
      'blob',
      Buffer.from(Array.from({ length: 50_000 }, (_, i) => `r${i} 60 IN TXT "${i}"\n`).join('')),
    );
    const tree = encodeObject(
      'tree',
      encodeTree([
        { mode: '100644', name: 'a.domain', id: objectId(small) },
        { mode: '100644', name: 'b.domain', id: objectId(large) },
      ]),
    );
    const commit = encodeObject(
      'commit',
      encodeCommit({
        tree: objectId(tree),
        parent: objectId(tree), // never read: verify-pack checks each object, not the history
        author: { name: 'a', email: 'a@example.invalid', time: 1_700_000_000 },
        committer: { name: 'c', email: 'c@example.invalid', time: 1_700_000_000 },
        message: 'm\n',
      }),
    );
    const objects = [small, large, tree, commit];
    const pack = join(dir, 'objects', 'pack', 'pack-written.pack');
    await writeFile(pack, await encodePack(objects));

    const indexed = await runGit(['index-pack', pack], { cwd: dir });
    // index-pack answers the pack's checksum: the trailer encodePack wrote.
    expect(indexed.stdout.trim()).toMatch(/^[0-9a-f]{40}$/);
    const verified = await runGit(['verify-pack', '-v', pack], { cwd: dir });
    const listed = verified.stdout
      .split('\n')
      .filter((line) => /^[0-9a-f]{40} /.test(line))
      .map((line) => line.split(/\s+/).slice(0, 3));
    expect(listed).toEqual(
      objects.map((encoded) => [
        objectId(encoded),
        encoded.subarray(0, encoded.indexOf(' ')).toString(),
        String(encoded.length - encoded.indexOf(0) - 1),
      ]),
    );
    const shown = await runGit(['cat-file', '-p', objectId(large)], { cwd: dir });
    expect(shown.stdout).toBe(large.subarray(large.indexOf(0) + 1).toString());
  });
});
