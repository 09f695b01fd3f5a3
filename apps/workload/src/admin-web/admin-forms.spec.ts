import { grantFields, newUserFields, revokeFields, signInFields } from './admin-forms';

describe('the admin forms', () => {
  it('reads a grant form: names split on spaces, commas and semicolons, at the chosen levels', () => {
    expect(
      grantFields({ names: ' a.example.com,b.example.com;\nc.example.com', level: 'both' }),
    ).toEqual({
      form: { names: ' a.example.com,b.example.com;\nc.example.com', level: 'both', note: '' },
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

  it('says what is missing from a grant form, and asks for nothing', () => {
    expect(grantFields({ names: ' , ' })).toEqual({
      form: { names: ' , ', level: 'subdomain', note: '', errors: ['Give at least one domain.'] },
    });
    expect(grantFields({ names: 'a.example.com', note: 'n'.repeat(256) }).form.errors).toEqual([
      'The note must be at most 255 characters long.',
    ]);
    expect(grantFields(undefined).request).toBeUndefined();
  });

  it('reads the ticked grants, one or many', () => {
    expect(revokeFields({ grant: 'domain:a.example.com' })).toEqual({
      domains: ['a.example.com'],
      subdomains: [],
    });
    expect(
      revokeFields({ grant: ['subdomain:b.example.com', 'other', 'domain:c.example.com'] }),
    ).toEqual({ domains: ['c.example.com'], subdomains: ['b.example.com'] });
  });

  it('reads a sign-in form; a password too long to check and a next page elsewhere are dropped', () => {
    expect(signInFields({ username: ' admin ', password: 'p', next: '/admin/domains' })).toEqual({
      username: 'admin',
      password: 'p',
      next: '/admin/domains',
    });
    expect(
      signInFields({ username: 'admin', password: 'p'.repeat(1025), next: '//evil.example' }),
    ).toEqual({ username: 'admin', password: '', next: '/admin/users' });
  });

  it('refuses an email address that cannot be one, and allows none', () => {
    expect(newUserFields({ username: 'u', email: 'not-an-email' }).errors).toEqual({
      email: 'Enter a valid email address.',
    });
    expect(newUserFields({ username: ' u ', email: '' })).toEqual({ username: 'u', email: '' });
  });
});
