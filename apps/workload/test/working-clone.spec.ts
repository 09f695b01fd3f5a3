import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { CloneDamagedError } from '../src/records/clone-errors';
import { deflate, encodeObject, objectId } from '../src/records/git-objects';
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

describe('WorkingClone: building on commits another clone handed over', () => {
  let dir: string;
  let remote: string;
  const clones: WorkingClone[] = [];

  const openClone = async (name: string) => {
    const clone = new WorkingClone({
      dir: join(dir, name),
      url: remote,
      redactedUrl: remote,
      env: {},
      timeoutMs: 60_000,
    });
    await clone.open();
    clones.push(clone);
    return clone;
  };

  /** A commit of `text` pushed by `clone`, as it would hand it over. */
  const pushed = async (clone: WorkingClone, text: string) => {
    const commit = await clone.commit(new Map([['example.com', text]]), 'Update\n', AUTHOR);
    expect(await clone.push(commit)).toBe('pushed');
    const push = clone.handOver(commit);
    if (!push) throw new Error('nothing to hand over');
    return push;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hlp-hand-over-'));
    remote = await createZoneRepository(dir, ['example.com']);
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('follows a run of pushes: HEAD, the zone text and the log are the remote’s, and git finds the clone whole', async () => {
    const [writer, follower] = [await openClone('writer'), await openClone('follower')];
    const base = await writer.readZone('example.com');
    const pushes = [
      await pushed(writer, `${base}one 60 IN TXT "1"\n`),
      await pushed(writer, `${base}two 60 IN TXT "2"\n`),
    ];
    await follower.adopt(pushes);
    expect(follower.headCommit).toBe(pushes[1].commit);
    expect(await follower.readZone('example.com')).toBe(`${base}two 60 IN TXT "2"\n`);
    expect((await follower.log(3)).map((entry) => entry.commit)).toEqual(
      expect.arrayContaining([pushes[1].commit, pushes[0].commit]),
    );
    await runGit(['fsck', '--strict', '--no-progress'], { cwd: join(dir, 'follower') });
    // It builds on them: its own push is not stale.
    await pushed(follower, `${base}three 60 IN TXT "3"\n`);
  });

  it('refuses a push that does not follow its HEAD, or came without an object, and keeps HEAD', async () => {
    const [writer, follower] = [await openClone('writer-2'), await openClone('follower-2')];
    const base = await writer.readZone('example.com');
    const first = await pushed(writer, `${base}four 60 IN TXT "4"\n`);
    const second = await pushed(writer, `${base}five 60 IN TXT "5"\n`);
    const head = follower.headCommit;
    await expect(follower.adopt([second])).rejects.toThrow(/follows .*, not our/);
    await expect(follower.adopt([{ ...first, objects: first.objects.slice(1) }])).rejects.toThrow(
      /came without/,
    );
    const withoutZoneFile = { objects: first.objects.slice(1), ids: first.ids?.slice(1) };
    await expect(follower.adopt([{ ...first, ...withoutZoneFile }])).rejects.toThrow(
      /came without example\.com\.domain/,
    );
    expect(follower.headCommit).toBe(head);
    await follower.adopt([first, second]);
    expect(follower.headCommit).toBe(second.commit);
  });

  it('names each object it hands over; the follower stores the zone files under those names as they came, and a zone file that is not its name is damage once read', async () => {
    const [writer, follower, another] = [
      await openClone('writer-3'),
      await openClone('follower-3'),
      await openClone('follower-4'),
    ];
    const base = await writer.readZone('example.com');
    const push = await pushed(writer, `${base}six 60 IN TXT "6"\n`);
    expect(push.ids).toEqual(push.objects.map((bytes) => objectId(inflateSync(bytes))));
    // The zone file swapped for another text, under the name of the one pushed.
    const zoneFile = push.objects.findIndex((bytes) =>
      inflateSync(bytes).subarray(0, 5).equals(Buffer.from('blob ')),
    );
    const forged = await deflate(
      encodeObject('blob', Buffer.from(`${base}forged 60 IN TXT "x"\n`)),
    );
    const objects = push.objects.map((bytes, i) => (i === zoneFile ? forged : bytes));
    // Without the names, each object is inflated for its id: the zone file is missing.
    await expect(follower.adopt([{ ...push, objects, ids: undefined }])).rejects.toThrow(
      /came without example\.com\.domain/,
    );
    // With them, it is stored unread, and reading it finds the damage.
    await follower.adopt([{ ...push, objects }]);
    expect(follower.headCommit).toBe(push.commit);
    await expect(follower.readZone('example.com')).rejects.toBeInstanceOf(CloneDamagedError);
    // A commit or tree that is not its name is refused at once: those are read.
    const treeOrCommit = push.objects.findIndex((_, i) => i !== zoneFile);
    await expect(
      another.adopt([
        { ...push, objects: push.objects.map((bytes, i) => (i === treeOrCommit ? forged : bytes)) },
      ]),
    ).rejects.toThrow(/names as [0-9a-f]{40} another object/);
    expect(another.headCommit).toBe(push.parent);
  });
});
