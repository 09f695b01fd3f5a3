import { FakeJuju } from '@hlp/juju/testing';

import { readCharmSettings } from '../../src/config/charm-settings';
import { ConfigProblems } from '../../src/config/config-problems';
import { defaultConfig } from '../helpers/charmcraft';

const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';

async function settingsFor(config: Record<string, string | number | boolean>) {
  const juju = await FakeJuju.create({ config: { ...defaultConfig(), ...config } });
  try {
    const problems = new ConfigProblems();
    const settings = await readCharmSettings(juju.runner(), problems);
    return { settings, problems: problems.message() };
  } finally {
    await juju.remove();
  }
}

describe('readCharmSettings', () => {
  it('parses the options with the shared schema and takes the branch from a git+ssh URL', async () => {
    const { settings, problems } = await settingsFor({
      'git-repo': 'git+ssh://git@git.example.com:2222/dns/zones.git@production',
      'git-ssh-key': `${KEY}\r\n`,
      'txt-ttl': 300,
      'allowed-hosts': 'lego.example.com, .internal',
    });

    expect(problems).toBe('');
    expect(settings?.values).toMatchObject({
      txtTtl: 300,
      allowedHosts: ['lego.example.com', '.internal'],
      logLevel: 'info',
    });
    expect(settings?.repository).toMatchObject({
      url: 'ssh://git@git.example.com:2222/dns/zones.git',
      branch: 'production',
    });
    expect(settings?.sshKey).toEqual({ option: 'git-ssh-key', content: `${KEY}\n` });
    expect(settings?.scanHostKeysOf).toEqual({ host: 'git.example.com', port: 2222 });
  });

  it('needs no SSH key, and scans nothing, for a repository reached another way', async () => {
    const { settings, problems } = await settingsFor({
      'git-repo': 'https://git.example.com/dns/zones.git',
    });

    expect(problems).toBe('');
    expect(settings?.sshKey).toBeUndefined();
    expect(settings?.scanHostKeysOf).toBeUndefined();
  });

  it('pinned host keys replace the scan', async () => {
    const { settings } = await settingsFor({
      'git-repo': 'git@git.example.com:dns/zones.git',
      'git-ssh-key': KEY,
      'git-known-hosts': '# pinned\ngit.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA\n',
    });

    expect(settings?.knownHosts).toContain('ssh-ed25519');
    expect(settings?.scanHostKeysOf).toBeUndefined();
  });

  it('reports every bad option at once, never their secret values', async () => {
    const { problems } = await settingsFor({
      'git-repo': 'https://user:s3cret@',
      'allowed-hosts': 'a b',
      'auth-cache-seconds': -1,
      'bump-soa-serial': true,
    });

    expect(problems).toBe(
      [
        'missing options: git-ssh-key-secret-id (or git-ssh-key)',
        'invalid git-repo: must be a git URL (git+ssh://user@host/path@branch, ssh://, https://, file://), user@host:path, or an absolute path',
        'invalid allowed-hosts: "a b" is not a host name, address, ".suffix" or *',
        'invalid auth-cache-seconds: must be a whole number from 0 to 3600',
      ].join('; '),
    );
    expect(problems).not.toContain('s3cret');
  });
});
