import { parseGitRepository } from '@hlp/config';

import { knownHostsName, knownHostsProblem, sshEndpoint } from '../../src/ssh/known-hosts';
import { normalizePrivateKey } from '../../src/ssh/private-key';

describe('SSH helpers', () => {
  it.each([
    ['git+ssh://git@github.com/org/zones.git@main', { host: 'github.com' }, 'github.com'],
    [
      'ssh://git@[2001:db8::1]:2222/zones.git',
      { host: '2001:db8::1', port: 2222 },
      '[2001:db8::1]:2222',
    ],
    ['git@git.example.com:dns/zones.git', { host: 'git.example.com' }, 'git.example.com'],
  ])('finds the server of %s', (url, endpoint, name) => {
    const found = sshEndpoint(parseGitRepository(url));

    expect(found).toEqual(endpoint);
    expect(found && knownHostsName(found)).toBe(name);
  });

  it('has no server to scan for https or local repositories', () => {
    expect(sshEndpoint(parseGitRepository('https://example.com/zones.git'))).toBeUndefined();
    expect(sshEndpoint(parseGitRepository('/srv/zones.git'))).toBeUndefined();
  });

  it('accepts known_hosts lines, with markers and comments, and refuses anything else', () => {
    expect(
      knownHostsProblem(
        '# pinned\n@cert-authority *.example.com ssh-ed25519 AAAAC3Nz\n[h]:2222 ecdsa-sha2-nistp256 AAAAE2Vj=\n',
      ),
    ).toBeUndefined();
    expect(knownHostsProblem('# nothing\n')).toBe('has no host key line');
    expect(knownHostsProblem('h ssh-ed25519 AAAA\nh not-a-type AAAA\n')).toBe(
      'entry 2 is not "<host> <key type> <base64 key>" (known_hosts format)',
    );
  });

  it('normalizes a private key for ssh, and refuses a public one', () => {
    const key = '-----BEGIN OPENSSH PRIVATE KEY-----\r\nb3Bl\r\n-----END OPENSSH PRIVATE KEY-----';

    expect(normalizePrivateKey(`  ${key}  `)).toBe(
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\n',
    );
    expect(
      normalizePrivateKey('-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----'),
    ).toBeDefined();
    expect(normalizePrivateKey('ssh-ed25519 AAAAC3Nz user@host')).toBeUndefined();
  });
});
