import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationTable, loadConfig, parseGitRepository, renderWorkload } from '.';

describe('renderWorkload', () => {
  it('renders values and files that load back to the same configuration', () => {
    const workload = renderWorkload({
      values: {
        host: '0.0.0.0',
        port: 8000,
        gitRepo: parseGitRepository('git+ssh://lego@git.example.com/dns.git@main'),
        allowedHosts: ['lego.example.com', '*'],
        bumpSoaSerial: true,
      },
      files: {
        gitSshKeyFile: '-----BEGIN OPENSSH PRIVATE KEY-----\nabc',
        gitKnownHostsFile: 'h k\n',
      },
      filesDir: '/var/lib/hlp/etc',
    });
    expect(workload.files).toEqual([
      {
        path: '/var/lib/hlp/etc/git-ssh-key',
        content: '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n',
        mode: 0o600,
      },
      { path: '/var/lib/hlp/etc/git-known-hosts', content: 'h k\n', mode: 0o644 },
    ]);
    expect(workload.environment).toEqual({
      HLP_HOST: '0.0.0.0',
      HLP_PORT: '8000',
      HLP_GIT_REPO: 'git+ssh://lego@git.example.com/dns.git@main',
      HLP_GIT_SSH_KEY_FILE: '/var/lib/hlp/etc/git-ssh-key',
      HLP_GIT_KNOWN_HOSTS_FILE: '/var/lib/hlp/etc/git-known-hosts',
      HLP_BUMP_SOA_SERIAL: 'true',
      HLP_ALLOWED_HOSTS: 'lego.example.com,*',
    });
    const config = loadConfig(workload.environment);
    expect(config.gitRepo).toMatchObject({
      url: 'ssh://lego@git.example.com/dns.git',
      branch: 'main',
    });
    expect(config.gitSshKeyFile).toBe('/var/lib/hlp/etc/git-ssh-key');
    expect(config.allowedHosts).toEqual(['lego.example.com', '*']);
  });
});

describe('configurationTable', () => {
  it('is what the README shows (run `pnpm --filter @hlp/config readme` to refresh it)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(configurationTable());
  });
});
