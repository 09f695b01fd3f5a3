import { formatPortSpec, parsePortSpec } from './port';

describe('port specs', () => {
  it.each([
    [{ protocol: 'tcp', port: 8000 } as const, '8000/tcp'],
    [{ protocol: 'udp', port: 1000, toPort: 1010 } as const, '1000-1010/udp'],
    [{ protocol: 'icmp' } as const, 'icmp'],
  ])('formats and parses %p as %p', (spec, text) => {
    expect(formatPortSpec(spec)).toBe(text);
    expect(parsePortSpec(text)).toEqual(spec);
  });

  it('refuses what opened-ports never prints', () => {
    expect(() => parsePortSpec('8000/sctp')).toThrow('cannot parse port "8000/sctp"');
  });
});
