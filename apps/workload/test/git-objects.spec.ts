import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  encodeCommit,
  encodeObject,
  encodeTree,
  objectId,
  parseLsTree,
  parseTree,
} from '../src/records/git-objects';
import { runGit } from '../src/records/git-process';

describe('git objects, checked against git itself', () => {
  let dir: string;
  const git = async (args: string[], input?: string) =>
    (await runGit(args, { cwd: dir, input })).stdout;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hlp-objects-'));
    await git(['init', '--quiet']);
    await writeFile(join(dir, 'b.domain'), 'zone b\n');
    await writeFile(join(dir, 'a.domain'), 'zone a\n');
    await runGit(['-C', dir, 'add', '.']);
    await runGit([
      '-C',
      dir,
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@e',
      'commit',
      '--quiet',
      '-m',
      'one',
    ]);
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('hashes a blob as git hash-object does', async () => {
    const body = Buffer.from('$ORIGIN example.com.\n_acme-challenge 600 IN TXT "x"\n');
    expect(objectId(encodeObject('blob', body))).toBe(
      (await git(['hash-object', '--stdin'], body.toString())).trim(),
    );
  });

  it('reads ls-tree output and writes the same tree back', async () => {
    const entries = parseLsTree(await git(['ls-tree', '-z', 'HEAD']));
    expect(entries.map((entry) => entry.name)).toEqual(['a.domain', 'b.domain']);
    const tree = (await git(['rev-parse', 'HEAD^{tree}'])).trim();
    expect(objectId(encodeObject('tree', encodeTree([...entries].reverse())))).toBe(tree);
  });

  it('reads a tree object as git wrote it, and refuses one cut short', async () => {
    const entries = parseLsTree(await git(['ls-tree', '-z', 'HEAD']));
    // Git's own bytes: they hash to its tree's id.
    const body = encodeTree(entries);
    expect(objectId(encodeObject('tree', body))).toBe(
      (await git(['rev-parse', 'HEAD^{tree}'])).trim(),
    );
    expect(parseTree(body)).toEqual(entries);
    expect(() => parseTree(body.subarray(0, body.length - 1))).toThrow(/cut short/);
  });

  it('orders a directory as if its name ended with a slash', () => {
    const file = { mode: '100644', name: 'a.b', id: '0'.repeat(40) };
    const directory = { mode: '40000', name: 'a', id: '1'.repeat(40) };
    const other = { mode: '100644', name: 'a0', id: '2'.repeat(40) };
    // "a.b" < "a/" < "a0" in byte order
    const names = encodeTree([other, directory, file])
      .toString('latin1')
      .match(/(?<= )[a-z0-9.]+(?=\0)/g);
    expect(names).toEqual(['a.b', 'a', 'a0']);
  });

  it('writes a commit git accepts', async () => {
    const tree = (await git(['rev-parse', 'HEAD^{tree}'])).trim();
    const parent = (await git(['rev-parse', 'HEAD'])).trim();
    const body = encodeCommit({
      tree,
      parent,
      author: { name: 'alice', email: 'alice@example.invalid', time: 1_700_000_000 },
      committer: { name: 'svc', email: 'svc@example.invalid', time: 1_700_000_001 },
      message: 'Add _acme-challenge.example.com record\n\npresent …\n',
    });
    const written = (
      await git(['hash-object', '-t', 'commit', '-w', '--stdin'], body.toString())
    ).trim();
    expect(objectId(encodeObject('commit', body))).toBe(written);
    expect(await git(['log', '-1', '--format=%an|%cn|%s|%P', written])).toBe(
      `alice|svc|Add _acme-challenge.example.com record|${parent}\n`,
    );
    await git(['fsck', '--strict', '--no-progress']);
  });

  it('refuses a signature that would break the commit header', () => {
    expect(() =>
      encodeCommit({
        tree: '0'.repeat(40),
        parent: '0'.repeat(40),
        author: { name: 'evil>\ncommitter x', email: 'e', time: 0 },
        committer: { name: 's', email: 's', time: 0 },
        message: 'm',
      }),
    ).toThrow('invalid author');
  });
});
