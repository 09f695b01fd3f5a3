import { parseNetwork } from '@hlp/config';
import { isInNetworks } from './networks';

describe('networks', () => {
  it('checks IPv4, IPv6 and IPv4-mapped addresses', () => {
    const networks = ['127.0.0.1/32', '10.0.0.0/8', '2001:db8::/32'].map(parseNetwork);
    expect(isInNetworks('127.0.0.1', networks)).toBe(true);
    expect(isInNetworks('::ffff:127.0.0.1', networks)).toBe(true);
    expect(isInNetworks('127.0.0.2', networks)).toBe(false);
    expect(isInNetworks('10.200.3.4', networks)).toBe(true);
    expect(isInNetworks('2001:db8::42', networks)).toBe(true);
    expect(isInNetworks('2001:db9::42', networks)).toBe(false);
    expect(isInNetworks('::1', networks)).toBe(false);
  });
});
