import { type ToolHandler, ToolFailure, formatOutput, parseToolArgs } from '../tool-call';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARNING', 'ERROR'];

/** `is-leader [--format=json]`. */
export const isLeader: ToolHandler = ({ args, state }) => {
  const { options } = parseToolArgs(args, { values: ['format'] });
  return formatOutput(state.leader, options.get('format'));
};

/** `application-version-set [--] <version>`. */
export const applicationVersionSet: ToolHandler = ({ args, state }) => {
  const { positional } = parseToolArgs(args, {});
  if (positional.length !== 1) {
    throw new ToolFailure('expected exactly one version argument', 2);
  }
  state.applicationVersion = positional[0] ?? '';
};

/** `juju-log [--log-level LEVEL | -l LEVEL] [--debug] [--] message…`. */
export const jujuLog: ToolHandler = ({ args, state }) => {
  const { options, positional } = parseToolArgs(args, {
    values: ['log-level', 'l'],
    flags: ['debug'],
  });
  const level = String(
    options.get('log-level') ?? options.get('l') ?? (options.get('debug') ? 'DEBUG' : 'INFO'),
  );
  if (!LEVELS.includes(level)) {
    throw new ToolFailure(`invalid log level "${level}"`, 2);
  }
  if (positional.length === 0) {
    throw new ToolFailure('no message specified', 2);
  }
  state.logs.push({ level, message: positional.join(' ') });
};
