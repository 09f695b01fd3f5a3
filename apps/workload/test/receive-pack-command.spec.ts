import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitEnvironment } from '../src/records/git-environment';
import { exchange, runGit } from '../src/records/git-process';
import { receivePackCommand } from '../src/records/receive-pack-command';
import { createZoneRepository } from './support/zone-repository';

/**
 * The ssh command the clone runs to reach receive-pack is the one `git push` runs: both are handed
 * to an `ssh` that writes down its arguments, with the service's own GIT_SSH_COMMAND.
 */
describe('receivePackCommand, against what git push runs', () => {
  let dir: string;
  let repository: string;
  let env: NodeJS.ProcessEnv;
  const argumentsFile = () => join(dir, 'ssh-arguments');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hlp-ssh-command-'));
    repository = await createZoneRepository(dir, ['example.com']);
    const bin = join(dir, 'a bin');
    await mkdir(bin);
    // Each run: its arguments, one a line, then a blank line.
    await writeFile(
      join(bin, 'ssh'),
      `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done >> '${argumentsFile()}'\necho >> '${argumentsFile()}'\nexit 1\n`,
    );
    await chmod(join(bin, 'ssh'), 0o755);
    env = gitEnvironment({
      dataDir: join(dir, 'data'),
      sshKeyFile: join(dir, "the key's file"),
      acceptNewHostKeys: false,
      timeoutSeconds: 30,
      inherited: { PATH: `${bin}:/usr/bin:/bin` },
    });
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  const lastRun = async () => {
    const runs = (await readFile(argumentsFile(), 'utf8')).split('\n\n');
    return runs.at(-2);
  };

  it.each([
    'ssh://git@host.example:2222/srv/dns.git',
    "ssh://host.example/srv/it's%20here!.git",
    'ssh://host.example/~alice/dns.git',
    'git@host.example:org/dns.git',
    'host.example:/~alice/dns.git',
    'host.example:~/dns.git',
    'host.example:a~b',
  ])('runs ssh for %s with the arguments git push gives it', async (url) => {
    await runGit(['push', url, 'HEAD:refs/heads/main'], { cwd: repository, env }).catch(
      () => undefined,
    );
    const byGit = await lastRun();
    expect(byGit).toContain('git-receive-pack');
    const command = receivePackCommand(url, env.GIT_SSH_COMMAND);
    if (!command) throw new Error(`no receive-pack command for ${url}`);
    const result = await exchange(command.command, command.args, Buffer.alloc(0), { env });
    expect(result.code).toBe(1);
    expect(await lastRun()).toBe(byGit);
  });
});
