import { parseGitRepository } from '.';

describe('parseGitRepository', () => {
  it.each([
    [
      'git+ssh://lego@git.example.com/srv/dns.git@main',
      { url: 'ssh://lego@git.example.com/srv/dns.git', branch: 'main', transport: 'ssh' },
    ],
    [
      'git+ssh://git@github.com/canonical/dns-records.git@release/2024',
      {
        url: 'ssh://git@github.com/canonical/dns-records.git',
        branch: 'release/2024',
        transport: 'ssh',
      },
    ],
    [
      'git+ssh://git@host:2222/dns.git',
      { url: 'ssh://git@host:2222/dns.git', branch: undefined, transport: 'ssh' },
    ],
    ['ssh://git@host/dns.git', { url: 'ssh://git@host/dns.git', transport: 'ssh' }],
    ['git@github.com:org/dns.git', { url: 'git@github.com:org/dns.git', transport: 'ssh' }],
    [
      'https://git.example.com/dns.git',
      { url: 'https://git.example.com/dns.git', transport: 'https' },
    ],
    ['file:///srv/dns.git', { url: 'file:///srv/dns.git', transport: 'file' }],
    ['/srv/dns.git', { url: '/srv/dns.git', transport: 'file' }],
  ])('reads %s', (raw, expected) => {
    expect(parseGitRepository(raw)).toMatchObject(expected);
  });

  it('hides a password in the redacted form only', () => {
    const repo = parseGitRepository('https://bot:t0ken@git.example.com/dns.git');
    expect(repo.url).toBe('https://bot:t0ken@git.example.com/dns.git');
    expect(repo.redacted).toBe('https://bot:***@git.example.com/dns.git');
  });

  it.each([
    ['', 'must not be empty'],
    ['relative/path', 'must be a git URL'],
    ['ftp://host/x', 'the scheme "ftp" is not supported'],
    ['git+ssh://host/dns.git@bad..name', 'is not a valid branch name'],
    ['git+ssh://host/@main', 'needs a host and a repository path'],
    ['ssh:///srv/dns.git', 'needs a host'],
    ['/srv/dns git', 'must not contain spaces'],
  ])('refuses %j', (raw, message) => {
    expect(() => parseGitRepository(raw)).toThrow(message);
  });
});
