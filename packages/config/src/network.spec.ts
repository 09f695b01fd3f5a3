import { formatNetwork, InvalidNetworkError, parseNetwork } from './network';

describe('networks', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['127.0.0.1', '127.0.0.1/32'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['::1', '::1/128'],
    [' 192.168.1.0/24 ', '192.168.1.0/24'],
  ])('reads %j as %s', (text, expected) => {
    expect(formatNetwork(parseNetwork(text))).toBe(expected);
  });

  it.each(['', 'example.com', '10.0.0.0/33', '::1/129', '10.0.0.0/8/8', '10.0.0.0/x', '300.1.1.1'])(
    'refuses %j',
    (text) => {
      expect(() => parseNetwork(text)).toThrow(InvalidNetworkError);
    },
  );
});
