import { type CommandRunner } from './command-runner';
import { decodeHookToolOutput, runHookTool, runHookToolJson } from './run-hook-tool';

/** A port or port range, or ICMP, as Juju opens it. */
export type PortSpec =
  | { readonly protocol: 'tcp' | 'udp'; readonly port: number; readonly toPort?: number }
  | { readonly protocol: 'icmp' };

/** Options of {@link openPort} and {@link closePort}. */
export interface PortOptions {
  /** Open only for these endpoints instead of all of them. */
  readonly endpoints?: readonly string[];
}

/** Formats a port the way `open-port` takes it: `8000/tcp`, `8000-8010/udp` or `icmp`. */
export function formatPortSpec(spec: PortSpec): string {
  if (spec.protocol === 'icmp') {
    return 'icmp';
  }
  const range = spec.toPort === undefined ? `${spec.port}` : `${spec.port}-${spec.toPort}`;
  return `${range}/${spec.protocol}`;
}

/** Parses what `opened-ports` prints: `8000/tcp`, `8000-8010/udp` or `icmp`. */
export function parsePortSpec(text: string): PortSpec {
  if (text === 'icmp') {
    return { protocol: 'icmp' };
  }
  const match = /^(\d+)(?:-(\d+))?\/(tcp|udp)$/.exec(text);
  if (!match) {
    throw new Error(`cannot parse port "${text}": expected <port>[-<port>]/<tcp|udp> or icmp`);
  }
  const [, port, toPort, protocol] = match;
  return {
    protocol: protocol as 'tcp' | 'udp',
    port: Number(port),
    ...(toPort === undefined ? {} : { toPort: Number(toPort) }),
  };
}

function portArgs(spec: PortSpec, options: PortOptions): string[] {
  const endpoints = options.endpoints?.length ? ['--endpoints', options.endpoints.join(',')] : [];
  return [...endpoints, formatPortSpec(spec)];
}

/** Opens a port on the unit (Kubernetes: the application's service): `open-port 8000/tcp`. */
export async function openPort(
  runner: CommandRunner,
  spec: PortSpec,
  options: PortOptions = {},
): Promise<void> {
  await runHookTool(runner, 'open-port', portArgs(spec, options));
}

/** Closes a port opened with {@link openPort}: `close-port 8000/tcp`. */
export async function closePort(
  runner: CommandRunner,
  spec: PortSpec,
  options: PortOptions = {},
): Promise<void> {
  await runHookTool(runner, 'close-port', portArgs(spec, options));
}

/** The ports this unit has opened: `opened-ports --format=json`. */
export async function openedPorts(runner: CommandRunner): Promise<PortSpec[]> {
  const ports = ((await runHookToolJson(runner, 'opened-ports', ['--format=json'])) ??
    []) as string[];
  return decodeHookToolOutput(['opened-ports', '--format=json'], ports, () =>
    ports.map(parsePortSpec),
  );
}
