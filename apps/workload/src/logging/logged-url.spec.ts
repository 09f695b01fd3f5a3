import { loggedUrl } from './logged-url';

describe('loggedUrl', () => {
  it.each([
    ['/present', '/present'],
    ['/api/v1/users/?username=alice', '/api/v1/users/?username=[redacted]'],
    [
      '/admin/sign-in?next=%2Fadmin%2Fdomains%3Fq%3Dx&a=',
      '/admin/sign-in?next=[redacted]&a=[redacted]',
    ],
    ['/nope?hunter2&token=abc', '/nope?[redacted]&token=[redacted]'],
    ['/nope?', '/nope?'],
  ])('%s → %s', (url, expected) => {
    expect(loggedUrl(url)).toBe(expected);
  });
});
