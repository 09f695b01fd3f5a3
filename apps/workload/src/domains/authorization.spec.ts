import { type Grant, mayManage } from './authorization';

const domain = (name: string): Grant => ({ domain: name, accessLevel: 'domain' });
const subdomain = (name: string): Grant => ({ domain: name, accessLevel: 'subdomain' });

describe('mayManage', () => {
  it.each<[string, Grant[], boolean]>([
    // domain access: exactly that name
    ['example.com', [domain('example.com')], true],
    ['www.example.com', [domain('example.com')], false],
    ['example.org', [domain('example.com')], false],
    // subdomain access: strictly below, at a label boundary
    ['a.example.com', [subdomain('example.com')], true],
    ['x.y.example.com', [subdomain('example.com')], true],
    ['example.com', [subdomain('example.com')], false],
    ['evilexample.com', [subdomain('example.com')], false],
    ['example.com.evil.org', [subdomain('example.com')], false],
    ['a.example.com.evil.org', [subdomain('example.com')], false],
    ['com', [subdomain('example.com')], false],
    // both at once: the domain itself and everything below
    ['example.com', [domain('example.com'), subdomain('example.com')], true],
    ['a.example.com', [domain('example.com'), subdomain('example.com')], true],
    // case and trailing dots do not matter
    ['EXAMPLE.com', [domain('example.com')], true],
    ['example.com.', [domain('Example.COM')], true],
    ['A.Example.Com.', [subdomain('example.com.')], true],
    // no grants, no access
    ['example.com', [], false],
    // a grant on one name says nothing about a sibling
    ['b.example.com', [domain('a.example.com')], false],
    ['x.b.example.com', [subdomain('a.example.com')], false],
  ])('%s with %j → %s', (name, grants, expected) => {
    expect(mayManage(name, grants)).toBe(expected);
  });
});
