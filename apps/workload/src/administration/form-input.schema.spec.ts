import { parseInput } from '../common/request-input';
import { signInForm } from '../identity/sign-in.schema';
import { domainForm, domainSearch } from './domain-input.schema';
import { grantForm, revokeForm } from './grant-input.schema';
import { allowedNetworks, newUserForm, switchForm, userSearch } from './user-input.schema';

describe('allowedNetworks', () => {
  it('reads a list or one comma-separated string, dropping blanks', () => {
    expect(allowedNetworks.parse(' 10.0.0.0/8, ,::1 ')).toEqual(['10.0.0.0/8', '::1']);
    expect(allowedNetworks.parse(['2001:db8::/32'])).toEqual(['2001:db8::/32']);
  });

  it('refuses what is not a network, with the rule’s own message', () => {
    expect(allowedNetworks.safeParse(['10.0.0.0/8', 'x']).error?.issues[0].message).toBe(
      '"x" is not a network: use CIDR notation such as 10.0.0.0/8 or 2001:db8::/32',
    );
    expect(allowedNetworks.safeParse([5]).error?.issues[0].message).toBe(
      'Expected a list of networks such as 10.0.0.0/8.',
    );
  });
});

describe('the admin pages’ forms', () => {
  it('reads a new user, trimmed, and refuses a bad email', () => {
    expect(newUserForm.parse({ username: ' bob ', email: '' })).toEqual({
      username: 'bob',
      email: '',
    });
    expect(() => parseInput(newUserForm, { username: 'bob', email: 'nope' })).toThrow(
      'Enter a valid email address.',
    );
  });

  it('reads a yes/no button', () => {
    expect(switchForm.parse({ value: 'true' })).toEqual({ value: true });
    expect(switchForm.parse({ value: ['true', 'true'] })).toEqual({ value: false });
    expect(switchForm.parse({})).toEqual({ value: false });
  });

  it('reads a grant: names, level and note', () => {
    expect(grantForm.parse({ names: 'a.example, b.example;c.example', level: 'both' })).toEqual({
      names: ['a.example', 'b.example', 'c.example'],
      level: 'both',
      note: '',
    });
    expect(grantForm.parse({ names: 'a.example', level: 'odd', note: ' n ' })).toEqual({
      names: ['a.example'],
      level: 'subdomain',
      note: 'n',
    });
    const refused = grantForm.safeParse({ names: ' , ', note: 'x'.repeat(256) });
    expect(refused.error?.issues.map((issue) => issue.message)).toEqual([
      'Give at least one domain.',
      'The note must be at most 255 characters long.',
    ]);
  });

  it('reads the grants to revoke', () => {
    expect(
      revokeForm.parse({ grant: ['domain:a.example', 'subdomain:b.example', 'other', 5] }),
    ).toEqual({ domains: ['a.example'], subdomains: ['b.example'] });
    expect(revokeForm.parse({ grant: 'domain:a.example' })).toEqual({
      domains: ['a.example'],
      subdomains: [],
    });
    expect(revokeForm.parse({})).toEqual({ domains: [], subdomains: [] });
  });

  it('reads a sign-in, the username trimmed', () => {
    expect(signInForm.parse({ username: ' bob ', password: ' pw ', next: ['/a', '/b'] })).toEqual({
      username: 'bob',
      password: ' pw ',
      next: '',
    });
  });

  it('reads a search, trimmed and bounded', () => {
    expect(userSearch.parse({ q: ` ${'a'.repeat(200)} ` })).toEqual({ q: 'a'.repeat(150) });
    expect(domainSearch.parse({ q: ['x', 'y'] })).toEqual({ q: '' });
    expect(domainSearch.parse({})).toEqual({ q: '' });
  });

  it('reads a domain, trimmed', () => {
    expect(domainForm.parse({ fqdn: ' example.com ' })).toEqual({ fqdn: 'example.com' });
    expect(domainForm.parse({})).toEqual({ fqdn: '' });
  });
});
