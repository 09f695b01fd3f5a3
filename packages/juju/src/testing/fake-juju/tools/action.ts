import { type JsonObject, type JsonValue, isJsonObject } from '../../../json';
import { type FakeAction } from '../fake-juju-state';
import {
  type ToolCall,
  type ToolHandler,
  ToolFailure,
  formatOutput,
  keyValue,
  parseToolArgs,
} from '../tool-call';

// Juju's rule for each dotted part of an action-set key.
const KEY_PART = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

function runningAction({ state, args }: ToolCall, tool: string): FakeAction {
  if (state.action === undefined) {
    throw new ToolFailure(`${tool} ${args.join(' ')}: not running an action`);
  }
  return state.action;
}

/** `action-get [--format=json] [dotted.key]`. */
export const actionGet: ToolHandler = (call) => {
  const action = runningAction(call, 'action-get');
  const { options, positional } = parseToolArgs(call.args, { values: ['format'] });
  const [key] = positional;
  let value: JsonValue | undefined = action.params;
  for (const part of key === undefined ? [] : key.split('.')) {
    value = isJsonObject(value) ? value[part] : undefined;
  }
  return formatOutput(value ?? null, options.get('format'));
};

/** `action-set key=value key.sub=value …`: results nested at the dots. */
export const actionSet: ToolHandler = (call) => {
  const action = runningAction(call, 'action-set');
  const { positional } = parseToolArgs(call.args, {});
  if (positional.length === 0) {
    throw new ToolFailure('no key=value pairs specified', 2);
  }
  for (const arg of positional) {
    const { key, value } = keyValue(arg);
    const parts = key.split('.');
    if (!parts.every((part) => KEY_PART.test(part))) {
      throw new ToolFailure(
        `key "${key}" must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods`,
        2,
      );
    }
    let target: JsonObject = action.results;
    for (const part of parts.slice(0, -1)) {
      const next = target[part];
      target = isJsonObject(next) ? next : (target[part] = {});
    }
    target[parts[parts.length - 1] ?? key] = value;
  }
};

/** `action-fail [--] [message]`. */
export const actionFail: ToolHandler = (call) => {
  const action = runningAction(call, 'action-fail');
  const { positional } = parseToolArgs(call.args, {});
  action.failureMessage =
    positional.join(' ') || 'action failed without reason given, check action for errors';
};

/** `action-log [--] message`. */
export const actionLog: ToolHandler = (call) => {
  const action = runningAction(call, 'action-log');
  const { positional } = parseToolArgs(call.args, {});
  action.logs.push(positional.join(' '));
};
