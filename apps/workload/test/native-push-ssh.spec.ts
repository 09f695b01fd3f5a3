import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PushRefusedError } from '../src/records/clone-errors';
import { gitEnvironment, sshStateDir } from '../src/records/git-environment';
import { exchange, runGit } from '../src/records/git-process';
import { WorkingClone } from '../src/records/working-clone';
import { waitFor } from './support/ports';
import { describeIfInstalled } from './support/requirements';
import { SSHD, startSshd, type Sshd } from './support/sshd';
import { commitTxtRecord, createZoneRepository, pushZone, refTip } from './support/zone-repository';

const describeWithSsh = describeIfInstalled('test/native-push-ssh.spec.ts', {
  [SSHD]: 'openssh-server',
  '/usr/bin/ssh': 'openssh-client',
  '/usr/bin/ssh-keygen': 'openssh-client',
});

const AUTHOR = { name: 'alice', email: 'alice@example.invalid' };

describeWithSsh('WorkingClone.push over SSH, through receive-pack on a real sshd', () => {
  let dir: string;
  let sshd: Sshd;
  let env: NodeJS.ProcessEnv;
  let remote: string;
  let clones = 0;
  /** GIT_TRACE of the clone's git commands: shows which ran. */
  const trace = () => join(dir, 'trace');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hlp-native-ssh-'));
    sshd = await startSshd(join(dir, 'sshd'));
    const knownHosts = join(dir, 'known_hosts');
    await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
    await mkdir(sshStateDir(dir), { recursive: true, mode: 0o700 });
    env = {
      ...gitEnvironment({
        dataDir: dir,
        sshKeyFile: sshd.clientKey,
        knownHostsFile: knownHosts,
        acceptNewHostKeys: false,
        timeoutSeconds: 30,
        inherited: { PATH: '/usr/bin:/bin' },
      }),
      GIT_TRACE: trace(),
    };
  });

  afterAll(async () => {
    await sshd?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    clones += 1;
    remote = await createZoneRepository(join(dir, `remote-${clones}`), ['example.com']);
  });

  const openClone = async (url: string, extraEnv: NodeJS.ProcessEnv = {}) => {
    const clone = new WorkingClone({
      dir: join(dir, `clone-${clones}`),
      url,
      redactedUrl: url,
      env: { ...env, ...extraEnv },
      timeoutMs: 60_000,
    });
    await clone.open();
    return clone;
  };

  it('pushes to an ssh:// URL through the connection the clone opened, without git push', async () => {
    const clone = await openClone(`ssh://root@127.0.0.1:${sshd.port}${remote}`);
    const connections = await sshd.acceptedConnections();
    for (const value of ['one', 'two', 'three']) {
      const commit = await commitTxtRecord(clone, value);
      await writeFile(trace(), '');
      expect(await clone.push(commit)).toBe('pushed');
      // No git ran on this side at all: the clone spoke to the remote's receive-pack through ssh.
      expect(await readFile(trace(), 'utf8')).toBe('');
      expect(await refTip(remote)).toBe(commit);
      // What the clone runs next waits for its remote-tracking branch to move.
      expect((await clone.log(1))[0].commit).toBe(commit);
      expect(await refTip(join(dir, `clone-${clones}`), 'refs/remotes/origin/main')).toBe(commit);
    }
    expect(await sshd.acceptedConnections()).toBe(connections);
    await runGit(['fsck', '--strict', '--no-progress'], { cwd: remote });
  });

  it('opens the shared connection itself when none is up, and leaves it for the next push', async () => {
    const clone = await openClone(`ssh://root@127.0.0.1:${sshd.port}${remote}`);
    // The connection the clone opened goes (as after ControlPersist's idle time).
    const stopped = await exchange(
      '/bin/sh',
      [
        '-c',
        `${env.GIT_SSH_COMMAND} "$@"`,
        'ssh',
        '-O',
        'exit',
        '-p',
        `${sshd.port}`,
        'root@127.0.0.1',
      ],
      Buffer.alloc(0),
      { env },
    );
    expect(stopped.code).toBe(0);
    // The master answers before it goes: a push meanwhile could find its socket still there.
    await waitFor('the shared connection to close', async () =>
      (await readdir(sshStateDir(dir))).every((name) => name === 'known_hosts'),
    );
    const connections = await sshd.acceptedConnections();
    for (const value of ['first', 'second']) {
      const commit = await commitTxtRecord(clone, value);
      expect(await clone.push(commit)).toBe('pushed');
      expect(await refTip(remote)).toBe(commit);
    }
    expect(await sshd.acceptedConnections()).toBe(connections + 1);
  });

  it('leaves a large zone file to git push, which sends it as a delta against the remote copy', async () => {
    const clone = await openClone(`ssh://root@127.0.0.1:${sshd.port}${remote}`);
    const records = Array.from({ length: 10_000 }, (_, i) => `r${i} 60 IN TXT "${'x'.repeat(24)}"`);
    const large = `${await clone.readZone('example.com')}${records.join('\n')}\n`;
    const first = await clone.commit(new Map([['example.com', large]]), 'Large\n', AUTHOR);
    expect(await clone.push(first)).toBe('pushed');
    const commit = await commitTxtRecord(clone, 'delta');
    await writeFile(trace(), '');
    expect(await clone.push(commit)).toBe('pushed');
    expect(await readFile(trace(), 'utf8')).toMatch(/pack-objects/);
    expect(await refTip(remote)).toBe(commit);
  });

  it('pushes to an scp-like user@host:path', async () => {
    // scp-like locations have no port: ssh is told it as git would let a configuration tell it.
    const clone = await openClone(`root@127.0.0.1:${remote}`, {
      GIT_SSH_COMMAND: `${env.GIT_SSH_COMMAND} '-o' 'Port=${sshd.port}'`,
    });
    const commit = await commitTxtRecord(clone, 'scp');
    expect(await clone.push(commit)).toBe('pushed');
    expect(await refTip(remote)).toBe(commit);
  });

  it('pushes in a row through sessions started ahead, and ends one left unused without an update', async () => {
    const clone = await openClone(`ssh://root@127.0.0.1:${sshd.port}${remote}`);
    const connections = await sshd.acceptedConnections();
    /** The receive-packs of this remote still running, on either side of the connection. */
    const receivePacks = async () => {
      const found: number[] = [];
      for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
        const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        if (command.includes('receive-pack') && command.includes(remote)) found.push(Number(pid));
      }
      return found;
    };
    let last = '';
    for (const name of ['first', 'second', 'third']) {
      last = await commitTxtRecord(clone, name);
      expect(await clone.push(last)).toBe('pushed');
    }
    expect(await refTip(remote)).toBe(last);
    await waitFor('a session started ahead', async () => (await receivePacks()).length > 0);
    // Nobody pushes: it gets a flush where the updates would be, and ends; the branch stays.
    await waitFor(
      'the session started ahead to end',
      async () => (await receivePacks()).length === 0,
    );
    expect(await refTip(remote)).toBe(last);
    expect(await sshd.acceptedConnections()).toBe(connections);
    await runGit(['fsck', '--strict', '--no-progress'], { cwd: remote });
  });

  it('answers stale when another writer moved the branch', async () => {
    const clone = await openClone(`ssh://root@127.0.0.1:${sshd.port}${remote}`);
    const commit = await commitTxtRecord(clone, 'late');
    await pushZone(remote, 'other', 'other zone\n');
    const theirs = await refTip(remote);
    expect(await clone.push(commit)).toBe('stale');
    expect(await refTip(remote)).toBe(theirs);
  });

  it('passes on the refusal of a hook, its messages on stderr not read as the report', async () => {
    const hook = join(remote, 'hooks', 'pre-receive');
    await writeFile(hook, "#!/bin/sh\ncat >/dev/null\necho '0000 not today' >&2\nexit 1\n");
    await chmod(hook, 0o755);
    const clone = await openClone(`ssh://root@127.0.0.1:${sshd.port}${remote}`);
    const before = await refTip(remote);
    const push = clone.push(await commitTxtRecord(clone, 'declined'));
    await expect(push).rejects.toThrow(PushRefusedError);
    await expect(push).rejects.toThrow('pre-receive hook declined');
    expect(await refTip(remote)).toBe(before);
  });
});
