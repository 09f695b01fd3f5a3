import { type Environment } from '../../context/environment';
import { type CommandResult } from '../../hook-tools/command-runner';
import { type FakeJujuState } from './fake-juju-state';
import { STATE_FILE_VARIABLE, readStateFile, writeStateFile } from './state-file';
import { ToolFailure } from './tool-call';
import { FAKE_HOOK_TOOLS } from './tools';

/**
 * Applies one fake hook tool to `state`, in place: records the call, then runs the tool.
 * Failures print `ERROR …` on stderr, as Juju's do; the call stays recorded, and nothing else
 * changes because every handler validates before it mutates.
 */
export function applyFakeHookTool(
  tool: string,
  args: readonly string[],
  state: FakeJujuState,
  env: Environment,
  readStdin: () => string,
): CommandResult {
  const handler = FAKE_HOOK_TOOLS[tool];
  if (handler === undefined) {
    return { exitCode: 1, stdout: '', stderr: `ERROR unknown hook tool "${tool}"\n` };
  }
  state.toolCalls.push([tool, ...args]);
  try {
    return { exitCode: 0, stdout: handler({ args, state, env, readStdin }) ?? '', stderr: '' };
  } catch (error) {
    if (!(error instanceof ToolFailure)) {
      throw error;
    }
    return { exitCode: error.exitCode, stdout: '', stderr: `ERROR ${error.message}\n` };
  }
}

/** Runs one fake hook tool against the state file named by `HLP_FAKE_JUJU_STATE`. */
export function runFakeHookTool(
  tool: string,
  args: readonly string[],
  env: Environment,
  readStdin: () => string,
): CommandResult {
  const statePath = env[STATE_FILE_VARIABLE];
  if (!statePath) {
    return { exitCode: 1, stdout: '', stderr: `ERROR ${STATE_FILE_VARIABLE} is not set\n` };
  }
  const state = readStateFile(statePath);
  const result = applyFakeHookTool(tool, args, state, env, readStdin);
  writeStateFile(statePath, state);
  return result;
}
