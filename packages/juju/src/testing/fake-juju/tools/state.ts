import { readFileSync } from 'node:fs';

import { load } from 'js-yaml';

import { isJsonObject } from '../../../json';
import { type ToolHandler, ToolFailure, formatOutput, keyValue, parseToolArgs } from '../tool-call';

/** `state-get [--format=json] [--strict] [key]`. */
export const stateGet: ToolHandler = ({ args, state }) => {
  const { options, positional } = parseToolArgs(args, { values: ['format'], flags: ['strict'] });
  const [key] = positional;
  if (key === undefined) {
    return formatOutput(state.unitState, options.get('format'));
  }
  if (!(key in state.unitState) && options.get('strict') === true) {
    throw new ToolFailure(`"${key}" not found`);
  }
  return formatOutput(state.unitState[key] ?? null, options.get('format'));
};

/** `state-set [--file <path>|-] [key=value …]`. */
export const stateSet: ToolHandler = ({ args, state, readStdin }) => {
  const { options, positional } = parseToolArgs(args, { values: ['file'] });
  const file = options.get('file');
  if (typeof file === 'string') {
    const data = load(file === '-' ? readStdin() : readFileSync(file, 'utf8'));
    if (!isJsonObject(data)) {
      throw new ToolFailure('expected a map of keys to values');
    }
    for (const [key, value] of Object.entries(data)) {
      state.unitState[key] = String(value);
    }
  }
  for (const arg of positional) {
    const { key, value } = keyValue(arg);
    state.unitState[key] = value;
  }
};

/** `state-delete <key>`. */
export const stateDelete: ToolHandler = ({ args, state }) => {
  const { positional } = parseToolArgs(args, {});
  const [key] = positional;
  if (key === undefined) {
    throw new ToolFailure('no key specified', 2);
  }
  delete state.unitState[key];
};
