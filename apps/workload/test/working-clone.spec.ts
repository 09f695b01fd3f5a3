import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from '../src/records/git-process';
import { WorkingClone } from '../src/records/working-clone';
import { commitCount, createZoneRepository, remoteZone } from './support/zone-repository';

const AUTHOR = { name: 'alice', email: 'alice@example.invalid' };

describe('WorkingClone: commits written by the service, pushed by id', () => {
  let dir: string;
  let remote: string;
  let clone: WorkingClone;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hlp-clone-'));
    remote = await createZoneRepository(dir, ['example.com']);
    clone = new WorkingClone({
      dir: join(dir, 'clone'),
      url: remote,
      redactedUrl: remote,
      env: {},
      timeoutMs: 60_000,
    });
    await clone.open();
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  const publish = async (text: string) => {
    const commit = await clone.commit(new Map([['example.com', text]]), 'Update\n', AUTHOR);
    expect(await clone.push(commit)).toBe('pushed');
    return commit;
  };

  it('lands on the remote, which git finds whole', async () => {
    const before = await commitCount(remote);
    const text = `${await clone.readZone('example.com')}_acme-challenge 60 IN TXT "a"\n`;
    const commit = await publish(text);
    expect(await remoteZone(remote, 'example.com')).toBe(text);
    expect(await commitCount(remote)).toBe(before + 1);
    expect((await runGit(['rev-parse', 'main'], { cwd: remote })).stdout.trim()).toBe(commit);
    await runGit(['fsck', '--strict', '--no-progress'], { cwd: remote });
  });

  it('writes its objects again after git packed them and removed their directories', async () => {
    const text = await remoteZone(remote, 'example.com');
    // gc packs every loose object and removes the emptied directories the clone created.
    await runGit(['gc', '--quiet', '--prune=now'], { cwd: join(dir, 'clone') });
    // The same zone text again: the same blob, in a directory the clone made and gc removed.
    await publish(text.replace('"a"', '"b"'));
    await publish(text);
    expect(await remoteZone(remote, 'example.com')).toBe(text);
    await runGit(['fsck', '--strict', '--no-progress'], { cwd: remote });
  });

  it('keeps a loose object that reads back whole, and mends one left empty', async () => {
    const text = await remoteZone(remote, 'example.com');
    const changed = `${text}_acme-challenge 60 IN TXT "c"\n`;
    await publish(changed);
    const blob = (
      await runGit(['hash-object', '--stdin'], { cwd: remote, input: changed })
    ).stdout.trim();
    const path = join(dir, 'clone', '.git', 'objects', blob.slice(0, 2), blob.slice(2));
    const written = await stat(path);
    // A cleanup brings the same zone file back: its blob exists already, whole.
    await publish(text);
    await publish(changed);
    expect((await stat(path)).ino).toBe(written.ino);
    // A power cut left it empty: the next commit of the same text writes it again.
    await writeFile(path, '');
    await publish(text);
    await publish(changed);
    expect((await stat(path)).size).toBeGreaterThan(0);
    await runGit(['cat-file', '-e', blob], { cwd: join(dir, 'clone') });
    await runGit(['fsck', '--strict', '--no-progress'], { cwd: remote });
  });
});
