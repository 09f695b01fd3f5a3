import { gitEnvironment, sshCommand, sshStateDir } from './git-environment';

const base = {
  dataDir: '/var/lib/hlp',
  sshKeyFile: '/etc/hlp/git key',
  knownHostsFile: '/etc/hlp/known_hosts',
  acceptNewHostKeys: false,
  timeoutSeconds: 30,
  inherited: { PATH: '/usr/bin', HOME: '/root' },
};

describe('sshCommand', () => {
  it('checks host keys strictly, uses only the given key, and shares one connection', () => {
    expect(sshCommand(base)).toBe(
      [
        "'ssh'",
        "'-F'",
        "'/dev/null'",
        "'-o'",
        "'BatchMode=yes'",
        "'-o'",
        "'StrictHostKeyChecking=yes'",
        "'-o'",
        `'UserKnownHostsFile="/etc/hlp/known_hosts"'`,
        "'-o'",
        "'GlobalKnownHostsFile=/dev/null'",
        "'-o'",
        "'ConnectTimeout=10'",
        "'-o'",
        "'ServerAliveInterval=15'",
        "'-o'",
        "'ControlMaster=auto'",
        "'-o'",
        "'ControlPath=/var/lib/hlp/ssh/%C'",
        "'-o'",
        "'ControlPersist=300'",
        "'-o'",
        "'IdentitiesOnly=yes'",
        "'-i'",
        "'/etc/hlp/git key'",
      ].join(' '),
    );
  });

  it('trusts new host keys only when asked, remembering them in the data directory', () => {
    const command = sshCommand({ ...base, acceptNewHostKeys: true });
    expect(command).toContain("'StrictHostKeyChecking=accept-new'");
    expect(command).toContain(
      `'UserKnownHostsFile="/etc/hlp/known_hosts" "/var/lib/hlp/ssh/known_hosts"'`,
    );
  });

  it('quotes what a shell would otherwise read', () => {
    expect(sshCommand({ ...base, sshKeyFile: "/tmp/it's $(evil)" })).toContain(
      `'/tmp/it'\\''s $(evil)'`,
    );
  });

  it('keeps the control socket path short enough for a unix socket', () => {
    const long = `/srv/${'x'.repeat(80)}`;
    expect(sshStateDir(long).length).toBeLessThanOrEqual(60);
    expect(sshStateDir('/var/lib/hlp')).toBe('/var/lib/hlp/ssh');
  });
});

describe('gitEnvironment', () => {
  it('passes only what it was given, and no user git or ssh configuration', () => {
    const env = gitEnvironment(base);
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      HOME: '/root',
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
    });
    expect(env.GIT_SSH_COMMAND).toBe(sshCommand(base));
  });
});
