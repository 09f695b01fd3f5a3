import { type JsonObject, type JsonValue } from '../json';
import { type CommandRunner } from './command-runner';
import { type ActionResults, flattenActionResults } from './flatten-action-results';
import { runHookTool, runHookToolJson } from './run-hook-tool';

/** All parameters of the running action: `action-get --format=json`. */
export function actionGet(runner: CommandRunner): Promise<JsonObject>;
/** One (dotted) parameter of the running action: `action-get --format=json <key>`. */
export function actionGet(runner: CommandRunner, key: string): Promise<JsonValue | undefined>;
export async function actionGet(
  runner: CommandRunner,
  key?: string,
): Promise<JsonObject | JsonValue | undefined> {
  const args = key === undefined ? ['--format=json'] : ['--format=json', key];
  const value = await runHookToolJson(runner, 'action-get', args);
  if (key === undefined) {
    return (value ?? {}) as JsonObject;
  }
  return value as JsonValue | undefined;
}

/**
 * Records results of the running action: `action-set a=1 b.c=2`. Nested objects are
 * flattened to dotted keys. Juju offers no file or stdin form, so values travel on argv.
 */
export async function actionSet(runner: CommandRunner, results: ActionResults): Promise<void> {
  const args = Object.entries(flattenActionResults(results)).map(
    ([key, value]) => `${key}=${value}`,
  );
  if (args.length > 0) {
    await runHookTool(runner, 'action-set', args);
  }
}

/** Marks the running action failed: `action-fail -- <message>`. */
export async function actionFail(runner: CommandRunner, message: string): Promise<void> {
  await runHookTool(runner, 'action-fail', ['--', message]);
}

/** Shows a progress line to whoever runs the action: `action-log -- <message>`. */
export async function actionLog(runner: CommandRunner, message: string): Promise<void> {
  await runHookTool(runner, 'action-log', ['--', message]);
}
