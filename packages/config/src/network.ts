import { isIPv4, isIPv6 } from 'node:net';

/** A network in CIDR form, normalised: `10.0.0.0/8`, `2001:db8::/32`; a bare address is a /32 or /128. */
export interface Network {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

export class InvalidNetworkError extends Error {
  override readonly name = 'InvalidNetworkError';
}

/** The one CIDR parser: the workload's allowed networks and the trusted proxies alike. */
export function parseNetwork(text: string): Network {
  const [address, prefixText, ...rest] = text.trim().split('/');
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  const max = family === 'ipv4' ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!family || rest.length > 0 || !/^\d{1,3}$/.test(prefixText ?? String(max)) || prefix > max) {
    throw new InvalidNetworkError(
      `"${text}" is not a network: use CIDR notation such as 10.0.0.0/8 or 2001:db8::/32`,
    );
  }
  return { address: address.toLowerCase(), prefix, family };
}

export function formatNetwork(network: Network): string {
  return `${network.address}/${network.prefix}`;
}
