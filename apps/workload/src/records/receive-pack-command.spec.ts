import { receivePackCommand } from './receive-pack-command';

const SSH = `'ssh' '-o' 'BatchMode=yes'`;

/** What ssh is given after the ssh command, as `sh -c '<ssh> "$@"' <ssh> …` passes it on. */
const sshArguments = (url: string) => {
  const command = receivePackCommand(url, SSH);
  expect(command?.command).toBe('/bin/sh');
  expect(command?.args.slice(0, 3)).toEqual(['-c', `${SSH} "$@"`, SSH]);
  return command?.args.slice(3);
};

describe('receivePackCommand', () => {
  it('runs git receive-pack on a repository of this machine, keeping the pack whole if asked', () => {
    const keepingPacks = ['-c', 'receive.unpackLimit=1', '-c', 'gc.bigPackThreshold=1m'];
    expect(receivePackCommand('/srv/dns.git', undefined, true)).toEqual({
      command: 'git',
      args: [...keepingPacks, 'receive-pack', '/srv/dns.git'],
      overSsh: false,
    });
    expect(receivePackCommand('/srv/dns.git', undefined)?.args).toEqual([
      'receive-pack',
      '/srv/dns.git',
    ]);
    expect(receivePackCommand('file:///srv/dns%20records.git', undefined, true)?.args).toEqual([
      ...keepingPacks,
      'receive-pack',
      '/srv/dns records.git',
    ]);
    // Over SSH the remote's command line is the remote's.
    const overSsh = 'ssh://git@host.example/srv/dns.git';
    expect(receivePackCommand(overSsh, SSH, true)).toEqual(receivePackCommand(overSsh, SSH));
  });

  it('runs the ssh command as git does: port, user and host, then the quoted path', () => {
    expect(sshArguments('ssh://git@host.example:2222/srv/dns.git')).toEqual([
      '-p',
      '2222',
      'git@host.example',
      "git-receive-pack '/srv/dns.git'",
    ]);
    expect(sshArguments("ssh://host.example/srv/it's%20here!.git")).toEqual([
      'host.example',
      `git-receive-pack '/srv/it'\\''s here'\\!'.git'`,
    ]);
    expect(sshArguments('git@host.example:org/dns.git')).toEqual([
      'git@host.example',
      "git-receive-pack 'org/dns.git'",
    ]);
  });

  it('sends /~user paths from the home directory, as git does', () => {
    expect(sshArguments('ssh://host.example/~alice/dns.git')?.at(-1)).toBe(
      "git-receive-pack '~alice/dns.git'",
    );
    expect(sshArguments('host.example:/~alice/dns.git')?.at(-1)).toBe(
      "git-receive-pack '~alice/dns.git'",
    );
    expect(sshArguments('host.example:~/dns.git')?.at(-1)).toBe("git-receive-pack '~/dns.git'");
  });

  it.each([
    ['https://git.example/dns.git', SSH],
    ['git://git.example/dns.git', SSH],
    ['file://server/dns.git', SSH],
    ['ssh://git:secret@host.example/dns.git', SSH],
    ['ssh://[::1]/dns.git', SSH],
    ['ssh://bücher.example/dns.git', SSH],
    ['[::1]:dns.git', SSH],
    ['-oProxyCommand=x:dns.git', SSH],
    ['host.example:', SSH],
    ['ssh://host.example/dns.git', undefined],
  ])('leaves %s (ssh command %s) to git push', (url, ssh) => {
    expect(receivePackCommand(url, ssh)).toBeUndefined();
  });
});
