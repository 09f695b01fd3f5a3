import { type CommandRunner } from './command-runner';
import { runHookToolJson } from './run-hook-tool';

/** One address of an interface. */
export interface NetworkAddress {
  readonly value: string;
  readonly cidr: string;
  readonly hostname?: string;
}

/** An interface the unit binds to. */
export interface BindAddress {
  readonly interfaceName: string;
  readonly macAddress: string;
  readonly addresses: readonly NetworkAddress[];
}

/** What `network-get` knows about a binding. */
export interface Network {
  readonly bindAddresses: readonly BindAddress[];
  /** Addresses other units should use to reach this one. */
  readonly ingressAddresses: readonly string[];
  readonly egressSubnets: readonly string[];
}

interface RawNetwork {
  'bind-addresses'?: {
    'interface-name'?: string;
    'mac-address'?: string;
    addresses?: NetworkAddress[];
  }[];
  'ingress-addresses'?: string[];
  'egress-subnets'?: string[];
}

/** Network details of an endpoint binding: `network-get --format=json [-r <id>] <binding>`. */
export async function networkGet(
  runner: CommandRunner,
  binding: string,
  options: { readonly relationId?: number } = {},
): Promise<Network> {
  const relation = options.relationId === undefined ? [] : ['-r', String(options.relationId)];
  const raw = ((await runHookToolJson(runner, 'network-get', [
    '--format=json',
    ...relation,
    binding,
  ])) ?? {}) as RawNetwork;
  return {
    bindAddresses: (raw['bind-addresses'] ?? []).map((bind) => ({
      interfaceName: bind['interface-name'] ?? '',
      macAddress: bind['mac-address'] ?? '',
      addresses: bind.addresses ?? [],
    })),
    ingressAddresses: raw['ingress-addresses'] ?? [],
    egressSubnets: raw['egress-subnets'] ?? [],
  };
}
