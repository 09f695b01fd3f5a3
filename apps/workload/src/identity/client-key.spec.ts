import { clientKey, plainAddress } from './client-key';

describe('clientKey', () => {
  it.each([
    ['127.0.0.2', '127.0.0.2'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['::FFFF:10.1.2.3', '10.1.2.3'],
    ['2001:db8:1:2:aaaa::1', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2:bbbb:cccc:dddd:eeee', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1:2', 'fe80:0:0:0::/64'],
    ['unknown', 'unknown'],
  ])('keys %s as %s', (address, key) => {
    expect(clientKey(address)).toBe(key);
  });

  it('gives every address of one IPv6 /64 the same key, and other /64s another', () => {
    expect(clientKey('2001:db8:0:7::1')).toBe(clientKey('2001:db8:0:7:ffff:ffff:ffff:ffff'));
    expect(clientKey('2001:db8:0:7::1')).not.toBe(clientKey('2001:db8:0:8::1'));
  });

  it('unwraps IPv4-mapped addresses only', () => {
    expect(plainAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(plainAddress('::1')).toBe('::1');
  });
});
