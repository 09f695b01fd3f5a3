import { type ToolHandler, ToolFailure, formatOutput, parseToolArgs } from '../tool-call';

const PORT = /^(icmp|\d+(?:-\d+)?(?:\/(?:tcp|udp))?)$/;

function portArgument(args: readonly string[]): string {
  const { positional } = parseToolArgs(args, { values: ['endpoints'] });
  const [port] = positional;
  if (positional.length !== 1 || port === undefined || !PORT.test(port)) {
    throw new ToolFailure(`invalid port or range "${positional.join(' ')}"`, 2);
  }
  // A bare number means TCP.
  return /^\d+(-\d+)?$/.test(port) ? `${port}/tcp` : port;
}

/** `open-port [--endpoints a,b] <port>[/<protocol>] | <from>-<to>[/<protocol>] | icmp`. */
export const openPort: ToolHandler = ({ args, state }) => {
  const port = portArgument(args);
  if (!state.openedPorts.includes(port)) {
    state.openedPorts.push(port);
  }
};

/** `close-port …`, the same arguments as open-port. */
export const closePort: ToolHandler = ({ args, state }) => {
  const port = portArgument(args);
  state.openedPorts = state.openedPorts.filter((opened) => opened !== port);
};

/** `opened-ports [--format=json]`. */
export const openedPorts: ToolHandler = ({ args, state }) => {
  const { options } = parseToolArgs(args, { values: ['format'], flags: ['endpoints'] });
  return formatOutput(state.openedPorts, options.get('format'));
};
