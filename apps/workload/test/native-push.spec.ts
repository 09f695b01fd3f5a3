import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PushRefusedError } from '../src/records/clone-errors';
import { encodeObject } from '../src/records/git-objects';
import { GitCommandError, runGit } from '../src/records/git-process';
import { encodePack } from '../src/records/pack-file';
import { KEPT_PACKS_AT_MOST } from '../src/records/remote-packs';
import { WorkingClone } from '../src/records/working-clone';
import { waitFor } from './support/ports';
import { isAlive } from './support/processes';
import {
  commitCount,
  commitTxtRecord,
  createZoneRepository,
  pushZone,
  refTip,
  remoteZone,
  storedObjects,
} from './support/zone-repository';

const AUTHOR = { name: 'alice', email: 'alice@example.invalid' };

/**
 * A push to a repository on this machine: the clone speaks receive-pack's protocol itself. Every
 * verdict is the one a real `git receive-pack` gives.
 */
describe('WorkingClone.push to a local remote, through receive-pack', () => {
  let dir: string;
  let remote: string;
  /** GIT_TRACE of the clone's git commands: shows which ran. */
  let trace: string;

  const openClone = async (
    url: string,
    options: { timeoutMs?: number; redacted?: string } = {},
  ) => {
    const clone = new WorkingClone({
      dir: join(dir, 'clone'),
      url,
      redactedUrl: options.redacted ?? url,
      env: { GIT_TRACE: trace },
      timeoutMs: options.timeoutMs ?? 60_000,
    });
    await clone.open();
    return clone;
  };

  const hook = async (name: string, script: string) => {
    const file = join(remote, 'hooks', name);
    await writeFile(file, `#!/bin/sh\n${script}\n`);
    await chmod(file, 0o755);
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hlp-native-push-'));
    remote = await createZoneRepository(dir, ['example.com']);
    trace = join(dir, 'trace');
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it.each([
    ['an absolute path', (path: string) => path],
    ['a file:// URL', (path: string) => `file://${path}`],
  ])(
    'lands the commit, and only it, at %s, without git push, and moves the remote-tracking branch',
    async (_, url) => {
      const clone = await openClone(url(remote));
      const before = await refTip(remote);
      const commits = await commitCount(remote);
      const stored = await storedObjects(remote);
      const commit = await commitTxtRecord(clone, 'one');
      await writeFile(trace, '');
      expect(await clone.push(commit)).toBe('pushed');

      // receive-pack, and on the remote's side what it runs for any push: no git push, no packing.
      const ran = await readFile(trace, 'utf8');
      expect(ran).toContain('built-in: git receive-pack');
      expect(ran).toContain('built-in: git gc --auto');
      expect(ran).not.toMatch(/built-in: git (push|pack-objects)/);
      // The remote keeps the pack as it came (index-pack): one pack more, no loose object more.
      expect(ran).toContain('built-in: git index-pack');
      expect(ran).not.toContain('built-in: git unpack-objects');
      expect(await storedObjects(remote)).toEqual({ loose: stored.loose, packs: stored.packs + 1 });
      expect(await refTip(remote)).toBe(commit);
      expect(await commitCount(remote)).toBe(commits + 1);
      expect(await refTip(remote, 'main^')).toBe(before);
      await runGit(['fsck', '--strict', '--no-progress'], { cwd: remote });
      // The remote-tracking branch moves once the verdict is in; what the clone runs next waits for it.
      expect((await clone.log(1))[0].commit).toBe(commit);
      expect(await refTip(join(dir, 'clone'), 'refs/remotes/origin/main')).toBe(commit);
      expect(existsSync(join(dir, 'clone', '.git', 'refs', 'remotes', 'origin', 'main.lock'))).toBe(
        false,
      );
      // The clone holds every object of it, written while the remote took the pack.
      await runGit(['fsck', '--strict', '--no-progress'], { cwd: join(dir, 'clone') });

      // The next batch builds on it, and pushes again.
      const next = await commitTxtRecord(clone, 'two');
      expect(await clone.push(next)).toBe('pushed');
      expect(await refTip(remote)).toBe(next);
    },
  );

  it('lets the objects go loose while the remote holds more packs than its gc would leave, and keeps the pack whole once they are joined', async () => {
    // A remote whose automatic gc is off, its upkeep left to a schedule.
    await runGit(['config', 'receive.autogc', 'false'], { cwd: remote });
    for (let i = 0; i <= KEPT_PACKS_AT_MOST; i += 1) {
      const pack = await encodePack([encodeObject('blob', Buffer.from(`pack ${i}\n`))]);
      const file = join(
        remote,
        'objects',
        'pack',
        `pack-${pack.subarray(-20).toString('hex')}.pack`,
      );
      await writeFile(file, pack);
      await runGit(['index-pack', file], { cwd: remote });
    }
    expect((await storedObjects(remote)).packs).toBeGreaterThan(KEPT_PACKS_AT_MOST);
    const clone = await openClone(remote);
    const pushTraced = async (value: string) => {
      const commit = await commitTxtRecord(clone, value);
      await writeFile(trace, '');
      expect(await clone.push(commit)).toBe('pushed');
      return readFile(trace, 'utf8');
    };

    const loose = await pushTraced('one');
    expect(loose).toContain('built-in: git unpack-objects');
    expect(loose).not.toContain('built-in: git index-pack');
    await runGit(['repack', '-a', '-d', '-q'], { cwd: remote });
    // Each push reads how many packs the remote holds once the one before it has its verdict.
    await pushTraced('two');
    const whole = await pushTraced('three');
    expect(whole).toContain('built-in: git index-pack');
    expect(whole).not.toContain('built-in: git unpack-objects');
    await runGit(['fsck', '--strict', '--no-progress'], { cwd: remote });
  });

  it('packs the loose objects its commits leave once there are enough, and reads its history back', async () => {
    const clone = await openClone(remote);
    const loose = async () => (await storedObjects(join(dir, 'clone'))).loose;
    const cloned = await loose();
    for (const name of ['first', 'second']) {
      const commit = await commitTxtRecord(clone, name);
      expect(await clone.push(commit)).toBe('pushed');
    }
    // Three objects a commit: its zone file, its tree, itself.
    expect(await loose()).toBe(cloned + 6);
    // It looks only once enough were written since it last looked.
    expect(await clone.tidy({ limit: cloned + 6, between: 7 })).toBe(false);
    expect(await clone.tidy({ limit: cloned + 7, between: 6 })).toBe(false);
    expect(await clone.tidy({ limit: cloned + 6, between: 6 })).toBe(false);
    const third = await commitTxtRecord(clone, 'third');
    expect(await clone.push(third)).toBe('pushed');
    expect(await clone.tidy({ limit: cloned + 9, between: 3 })).toBe(true);
    expect(await loose()).toBe(0);
    await runGit(['fsck', '--strict', '--no-progress'], { cwd: join(dir, 'clone') });
    expect((await clone.log(3)).map((entry) => entry.commit)).toEqual([
      await refTip(remote),
      await refTip(remote, 'main^'),
      await refTip(remote, 'main^^'),
    ]);
  });

  it('sends the commits not pushed yet that a commit is built on, with it', async () => {
    const clone = await openClone(remote);
    await commitTxtRecord(clone, 'under');
    const commit = await commitTxtRecord(clone, 'over');
    expect(await clone.push(commit)).toBe('pushed');
    expect(await refTip(remote)).toBe(commit);
    await runGit(['fsck', '--strict', '--no-progress'], { cwd: remote });
  });

  it('takes the clone as damaged when it cannot write the objects of a commit it pushed: the remote has the commit, the clone does not move', async () => {
    const clone = await openClone(remote);
    const before = await refTip(join(dir, 'clone'), 'refs/remotes/origin/main');
    const commit = await commitTxtRecord(clone, 'unwritable');
    // Where the commit's object would go, a file: its directory cannot be made.
    const objects = join(dir, 'clone', '.git', 'objects', commit.slice(0, 2));
    await rm(objects, { recursive: true, force: true });
    await writeFile(objects, '');
    await expect(clone.push(commit)).rejects.toMatchObject({ name: 'CloneDamagedError' });
    expect(await refTip(remote)).toBe(commit);
    expect(await refTip(join(dir, 'clone'), 'refs/remotes/origin/main')).toBe(before);
  });

  it('takes the clone as damaged when it cannot move its remote-tracking branch after a push: the push stands, what follows is refused until the clone is rebuilt', async () => {
    const clone = await openClone(remote);
    // A lock a killed git process left behind.
    await writeFile(join(dir, 'clone', '.git', 'refs', 'remotes', 'origin', 'main.lock'), '');
    const commit = await commitTxtRecord(clone, 'landed');
    expect(await clone.push(commit)).toBe('pushed');
    expect(await refTip(remote)).toBe(commit);
    await expect(clone.log(1)).rejects.toMatchObject({ name: 'CloneDamagedError' });
    const next = await commitTxtRecord(clone, 'refused');
    await expect(clone.push(next)).rejects.toMatchObject({ name: 'CloneDamagedError' });
    expect(await refTip(remote)).toBe(commit);

    await clone.rebuild();
    expect((await clone.log(1))[0].commit).toBe(commit);
    const after = await commitTxtRecord(clone, 'after');
    expect(await clone.push(after)).toBe('pushed');
    expect(await refTip(remote)).toBe(after);
  });

  it('pushes a commit it no longer has the objects of with git push', async () => {
    const clone = await openClone(remote);
    const commit = await commitTxtRecord(clone, 'forgotten');
    // A reset forgets what was not pushed; the objects stay in the clone.
    await clone.resetToLastKnownRemote();
    await writeFile(trace, '');
    expect(await clone.push(commit)).toBe('pushed');
    expect(await readFile(trace, 'utf8')).toContain('git push');
    expect(await refTip(remote)).toBe(commit);
  });

  it('answers stale when another writer moved the branch, and pushes once reset to it', async () => {
    const clone = await openClone(remote);
    const commit = await commitTxtRecord(clone, 'late');
    await pushZone(remote, 'other', 'other zone\n');
    const theirs = await refTip(remote);
    expect(await clone.push(commit)).toBe('stale');
    expect(await refTip(remote)).toBe(theirs);
    expect(await refTip(join(dir, 'clone'), 'refs/remotes/origin/main')).not.toBe(commit);

    await clone.resetToRemote();
    const again = await commitTxtRecord(clone, 'late');
    expect(await clone.push(again)).toBe('pushed');
    expect(await refTip(remote, 'main^')).toBe(theirs);
  });

  it('pushes in a row through receive-packs started ahead, and answers stale through one started before another writer moved the branch', async () => {
    const clone = await openClone(remote);
    await writeFile(trace, '');
    const started = async () =>
      ((await readFile(trace, 'utf8')).match(/built-in: git receive-pack/g) ?? []).length;
    for (const name of ['first', 'second']) {
      expect(await clone.push(await commitTxtRecord(clone, name))).toBe('pushed');
    }
    // The second push followed the first: a third receive-pack waits for the next.
    await waitFor('a receive-pack started ahead', async () => (await started()) === 3);
    const third = await commitTxtRecord(clone, 'third');
    expect(await clone.push(third)).toBe('pushed');
    expect(await refTip(remote)).toBe(third);

    await waitFor('the next receive-pack started ahead', async () => (await started()) === 4);
    await pushZone(remote, 'other', 'other zone\n');
    const theirs = await refTip(remote);
    // It advertised the branch as it was: the update names the tip it was built on, and loses.
    expect(await clone.push(await commitTxtRecord(clone, 'late'))).toBe('stale');
    expect(await refTip(remote)).toBe(theirs);
    expect(await refTip(remote, 'main^')).toBe(third);
    await runGit(['fsck', '--strict', '--no-progress'], { cwd: remote });
  });

  it('answers stale while another writer holds the lock of the branch', async () => {
    const clone = await openClone(remote);
    const before = await refTip(remote);
    await writeFile(join(remote, 'refs', 'heads', 'main.lock'), '');
    expect(await clone.push(await commitTxtRecord(clone, 'locked'))).toBe('stale');
    expect(await refTip(remote)).toBe(before);
  });

  it('answers stale when the branch was rewritten and the commit it was built on is gone', async () => {
    const clone = await openClone(remote);
    const seed = await refTip(remote);
    expect(await clone.push(await commitTxtRecord(clone, 'rewritten'))).toBe('pushed');
    // Another writer takes the branch back to the seed, and the commit just pushed is pruned.
    await runGit(['update-ref', 'refs/heads/main', seed], { cwd: remote });
    await runGit(['reflog', 'expire', '--expire=now', '--all'], { cwd: remote });
    await runGit(['gc', '--quiet', '--prune=now'], { cwd: remote });
    expect(await clone.push(await commitTxtRecord(clone, 'on top'))).toBe('stale');
    expect(await refTip(remote)).toBe(seed);
  });

  it('passes on the reason of a pre-receive hook that declines, whatever the hook prints', async () => {
    // Output that looks like the protocol, on both streams: the report must not read it.
    await hook(
      'pre-receive',
      [
        'cat >/dev/null',
        "printf '0017ok refs/heads/main\\n0000'",
        "printf '0017ok refs/heads/main\\n0000' >&2",
        'echo "no TXT records on Fridays" >&2',
        'exit 1',
      ].join('\n'),
    );
    const clone = await openClone(remote);
    const before = await refTip(remote);
    const push = clone.push(await commitTxtRecord(clone, 'declined'));
    await expect(push).rejects.toThrow(PushRefusedError);
    await expect(push).rejects.toThrow('the remote refused the push: pre-receive hook declined');
    expect(await refTip(remote)).toBe(before);
    expect(await refTip(join(dir, 'clone'), 'refs/remotes/origin/main')).toBe(before);
  });

  it('reads the verdict past what the post-receive hook prints', async () => {
    await hook(
      'post-receive',
      ['cat >/dev/null', "printf '0000000eunpack no\\n'", 'echo "deployed" >&2'].join('\n'),
    );
    const clone = await openClone(remote);
    const commit = await commitTxtRecord(clone, 'noisy');
    expect(await clone.push(commit)).toBe('pushed');
    expect(await refTip(remote)).toBe(commit);
  });

  it('passes on the refusal of a non-bare remote to update its checked-out branch', async () => {
    const worktree = join(dir, 'checked-out');
    await runGit(['clone', '--quiet', '--branch', 'main', remote, worktree]);
    const clone = await openClone(worktree);
    await expect(clone.push(await commitTxtRecord(clone, 'refused'))).rejects.toThrow(
      'the remote refused the push: branch is currently checked out',
    );
  });

  it('kills the whole process group of a push that runs out of time', async () => {
    const pidFile = join(dir, 'hook.pid');
    await hook('pre-receive', `cat >/dev/null\nsleep 600 &\necho $! > '${pidFile}'\nwait`);
    const clone = await openClone(remote, { timeoutMs: 3000 });
    const before = await refTip(remote);
    const error: unknown = await clone.push(await commitTxtRecord(clone, 'slow')).catch((e) => e);
    expect(error).toBeInstanceOf(GitCommandError);
    expect(error).toMatchObject({ timedOut: true });
    const hookChild = Number(await readFile(pidFile, 'utf8'));
    await waitFor('the hook to be gone', async () => !isAlive(hookChild));
    expect(await refTip(remote)).toBe(before);
  });

  it('never lets the URL it was given out of an error', async () => {
    const secretDir = join(dir, 'token-s3cret');
    await mkdir(secretDir);
    const url = await createZoneRepository(secretDir, ['example.com']);
    const clone = await openClone(url, { redacted: join(dir, '***', 'remote.git') });
    const commit = await commitTxtRecord(clone, 'gone');
    await rm(url, { recursive: true, force: true });
    const error = (await clone.push(commit).catch((e) => e)) as GitCommandError;
    expect(error).toBeInstanceOf(GitCommandError);
    expect(error.stderr).toContain('***');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('s3cret');
  });

  it('pushes a zone of 100,000 records', async () => {
    const clone = await openClone(remote);
    const lines = Array.from(
      { length: 100_000 },
      (_, i) => `_acme-challenge.h${i} 60 IN TXT "${i.toString(36).padStart(43, 'x')}"`,
    );
    const text = `${await clone.readZone('example.com')}${lines.join('\n')}\n`;
    const commit = await clone.commit(new Map([['example.com', text]]), 'Many\n', AUTHOR);
    expect(await clone.push(commit)).toBe('pushed');
    expect(await remoteZone(remote, 'example.com')).toBe(text);
    await runGit(['fsck', '--strict', '--no-progress'], { cwd: remote });
  });
});
