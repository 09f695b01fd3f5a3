import { type Environment } from '../../context/environment';
import { type CommandResult } from '../../hook-tools/command-runner';
import { STATE_FILE_VARIABLE, readStateFile, writeStateFile } from './state-file';
import { ToolFailure } from './tool-call';
import { FAKE_HOOK_TOOLS } from './tools';

/**
 * Runs one fake hook tool against the state file named by `HLP_FAKE_JUJU_STATE`: records the
 * call, applies the tool, saves the state. Failures print `ERROR …` on stderr, as Juju's do.
 */
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
  const handler = FAKE_HOOK_TOOLS[tool];
  if (handler === undefined) {
    return { exitCode: 1, stdout: '', stderr: `ERROR unknown hook tool "${tool}"\n` };
  }
  const state = readStateFile(statePath);
  state.toolCalls.push([tool, ...args]);
  let result: CommandResult;
  try {
    result = { exitCode: 0, stdout: handler({ args, state, env, readStdin }) ?? '', stderr: '' };
  } catch (error) {
    if (!(error instanceof ToolFailure)) {
      throw error;
    }
    result = { exitCode: error.exitCode, stdout: '', stderr: `ERROR ${error.message}\n` };
  }
  // Saved even on failure, so the call log shows failed calls too; failed calls change nothing else
  // because every handler validates before it mutates.
  writeStateFile(statePath, state);
  return result;
}
