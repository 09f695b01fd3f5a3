import { BlockList, isIPv4 } from 'node:net';
import { type Network, parseNetwork } from '@hlp/config';
import { plainAddress } from './client-key';

/** Whether `address` is inside one of the networks. */
export function isInNetworks(address: string, networks: readonly Network[]): boolean {
  const list = new BlockList();
  for (const network of networks) list.addSubnet(network.address, network.prefix, network.family);
  const plain = plainAddress(address);
  return list.check(plain, isIPv4(plain) ? 'ipv4' : 'ipv6');
}

/** Whether a user with these stored networks (comma-separated; null: anywhere) may connect from `address`. */
export function mayConnectFrom(allowedNetworks: string | null, address: string): boolean {
  return !allowedNetworks || isInNetworks(address, allowedNetworks.split(',').map(parseNetwork));
}
