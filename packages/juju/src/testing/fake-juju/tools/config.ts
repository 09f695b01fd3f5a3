import { type ToolHandler, formatOutput, parseToolArgs } from '../tool-call';

/** `config-get [--format=json] [--all] [key]`. */
export const configGet: ToolHandler = ({ args, state }) => {
  const { options, positional } = parseToolArgs(args, { values: ['format'], flags: ['all', 'a'] });
  const [key] = positional;
  const value = key === undefined ? state.config : (state.config[key] ?? null);
  return formatOutput(value, options.get('format'));
};
