import { grantFields, newUserFields, recordId, signInFields } from './admin-forms';

describe('the admin pages’ forms', () => {
  it('make a grant request at the chosen levels, keeping the form as typed', () => {
    const names = ' a.example.com,b.example.com;\nc.example.com';
    expect(grantFields({ names, level: 'both', note: ' n ' })).toEqual({
      form: { names, level: 'both', note: 'n' },
      request: {
        domains: ['a.example.com', 'b.example.com', 'c.example.com'],
        subdomains: ['a.example.com', 'b.example.com', 'c.example.com'],
      },
    });
    expect(grantFields({ names: 'a.example.com', level: 'domain' }).request).toEqual({
      domains: ['a.example.com'],
    });
    expect(grantFields({ names: 'a.example.com', level: 'other' }).request).toEqual({
      subdomains: ['a.example.com'],
    });
  });

  it('refuse a grant with its first problem, and ask for nothing', () => {
    expect(grantFields({ names: ' , ', note: 'n'.repeat(256) })).toEqual({
      form: {
        names: ' , ',
        level: 'subdomain',
        note: 'n'.repeat(256),
        errors: ['Give at least one domain.'],
      },
    });
    expect(grantFields({ names: 'a.example.com', note: 'n'.repeat(256) }).form.errors).toEqual([
      'The note must be at most 255 characters long.',
    ]);
  });

  it('read a sign-in; a password too long to check and a next page elsewhere are dropped', () => {
    expect(signInFields({ username: ' admin ', password: 'p', next: '/admin/domains' })).toEqual({
      username: 'admin',
      password: 'p',
      next: '/admin/domains',
    });
    expect(
      signInFields({ username: 'admin', password: 'p'.repeat(1025), next: '//evil.example' }),
    ).toEqual({ username: 'admin', password: '', next: '/admin/users' });
  });

  it('show a refused new user again, trimmed, with the email’s problem', () => {
    expect(newUserFields({ username: ' u ', email: ' not-an-email ' })).toEqual({
      username: 'u',
      email: 'not-an-email',
      errors: { email: 'Enter a valid email address.' },
    });
    expect(newUserFields({ username: ' u ', email: '' })).toEqual({ username: 'u', email: '' });
  });

  it('read only ids that can be records', () => {
    expect(recordId('12', 'user')).toBe(12);
    expect(() => recordId('0x1', 'domain')).toThrow('no such domain');
  });
});
