import { isIPv4, isIPv6 } from 'node:net';

/** IPv4 clients of a dual-stack socket arrive as `::ffff:a.b.c.d`. */
export function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

/** The eight 16-bit groups of an IPv6 address, `::` expanded. */
function ipv6Groups(address: string): number[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const parse = (part: string | undefined) =>
    part ? part.split(':').map((group) => Number.parseInt(group, 16)) : [];
  const left = parse(head);
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * Who a client is, for the abuse limits: its IPv4 address, or the /64 network of its IPv6 address
 * (one subscriber usually holds a whole /64, so counting single IPv6 addresses would let one
 * client pose as billions).
 */
export function clientKey(address: string): string {
  const plain = plainAddress(address.toLowerCase());
  if (isIPv4(plain) || !isIPv6(plain) || plain.includes('.')) return plain;
  const prefix = ipv6Groups(plain)
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':');
  return `${prefix}::/64`;
}
