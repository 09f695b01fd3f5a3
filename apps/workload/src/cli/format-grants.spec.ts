import { formatGrants } from './format-grants';

describe('formatGrants', () => {
  it('prints the Python service\u2019s layout, leaving out empty sections', () => {
    expect(
      formatGrants([
        {
          username: 'alice',
          domains: ['a.example.com', 'b.example.com'],
          subdomains: ['example.org'],
        },
        { username: 'bob', domains: [], subdomains: ['example.net'] },
        { username: 'carol', domains: [], subdomains: [] },
      ]),
    ).toBe(
      [
        '',
        'alice:',
        '    domains:',
        '        a.example.com, b.example.com',
        '    subdomains:',
        '        example.org',
        '',
        'bob:',
        '    subdomains:',
        '        example.net',
        '',
        'carol:',
        '',
      ].join('\n'),
    );
  });
});
