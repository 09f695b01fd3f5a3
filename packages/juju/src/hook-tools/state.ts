import { type CommandRunner } from './command-runner';
import { runHookTool, runHookToolMapGet } from './run-hook-tool';

/** All of this unit's controller-side state: `state-get --format=json`. */
export function stateGet(runner: CommandRunner): Promise<Readonly<Record<string, string>>>;
/** One key of this unit's controller-side state: `state-get --format=json <key>`. */
export function stateGet(runner: CommandRunner, key: string): Promise<string | undefined>;
export async function stateGet(
  runner: CommandRunner,
  key?: string,
): Promise<Readonly<Record<string, string>> | string | undefined> {
  return runHookToolMapGet<string>(runner, 'state-get', key);
}

/** Stores keys in this unit's controller-side state (survives pod churn): `state-set --file -`. */
export async function stateSet(
  runner: CommandRunner,
  data: Readonly<Record<string, string>>,
): Promise<void> {
  await runHookTool(runner, 'state-set', ['--file', '-'], JSON.stringify(data));
}

/** Deletes one key of this unit's controller-side state: `state-delete <key>`. */
export async function stateDelete(runner: CommandRunner, key: string): Promise<void> {
  await runHookTool(runner, 'state-delete', [key]);
}
