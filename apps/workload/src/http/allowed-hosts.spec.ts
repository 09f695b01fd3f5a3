import { isAllowedHost } from './allowed-hosts';

describe('isAllowedHost', () => {
  it.each<[string | undefined, string[], boolean]>([
    ['anything', ['*'], true],
    [undefined, ['*'], true],
    [undefined, ['lego.example.com'], false],
    ['lego.example.com', ['lego.example.com'], true],
    ['LEGO.example.com:8000', ['lego.example.com'], true],
    ['lego.example.com.', ['lego.example.com'], true],
    ['other.example.com', ['lego.example.com'], false],
    ['example.com', ['.example.com'], true],
    ['a.b.example.com', ['.example.com'], true],
    ['badexample.com', ['.example.com'], false],
    ['[::1]:8000', ['::1'], true],
    ['127.0.0.1:8000', ['127.0.0.1'], true],
    ['127.0.0.2', ['127.0.0.1'], false],
  ])('%j with %j → %s', (host, allowed, expected) => {
    expect(isAllowedHost(host, allowed)).toBe(expected);
  });
});
