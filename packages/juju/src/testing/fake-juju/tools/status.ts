import { type FakeStatus } from '../fake-juju-state';
import { type ToolHandler, ToolFailure, formatOutput, parseToolArgs } from '../tool-call';

const SETTABLE = ['maintenance', 'blocked', 'waiting', 'active'];

function raw(status: FakeStatus): Record<string, unknown> {
  return { status: status.status, message: status.message, 'status-data': {} };
}

/** `status-set [--application=<bool>] <status> [--] [message]`; the application status needs leadership. */
export const statusSet: ToolHandler = ({ args, state }) => {
  const { options, positional } = parseToolArgs(args, { flags: ['application'] });
  const [status = '', ...message] = positional;
  if (!SETTABLE.includes(status)) {
    throw new ToolFailure(`invalid status "${status}", expected one of [${SETTABLE.join(' ')}]`, 2);
  }
  const value = { status, message: message.join(' ') };
  if (options.get('application') === true) {
    if (!state.leader) {
      throw new ToolFailure('setting application status: this unit is not the leader');
    }
    state.appStatus = value;
  } else {
    state.unitStatus = value;
  }
};

/** `status-get [--include-data] [--format=json] [--application=<bool>]`. */
export const statusGet: ToolHandler = ({ args, state }) => {
  const { options } = parseToolArgs(args, {
    values: ['format'],
    flags: ['include-data', 'application'],
  });
  if (options.get('application') !== true) {
    return formatOutput(raw(state.unitStatus), options.get('format'));
  }
  if (!state.leader) {
    throw new ToolFailure('finding application status: this unit is not the leader');
  }
  const application = { ...raw(state.appStatus), units: { [state.unit]: raw(state.unitStatus) } };
  return formatOutput({ 'application-status': application }, options.get('format'));
};
