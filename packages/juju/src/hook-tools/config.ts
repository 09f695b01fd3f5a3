import { type CommandRunner } from './command-runner';
import { runHookToolMapGet } from './run-hook-tool';

/** A charm config value as `config-get` reports it (secret options are secret ID strings). */
export type ConfigValue = string | number | boolean;

/** Every option that is set or has a default: `config-get --format=json`. */
export function configGet(runner: CommandRunner): Promise<Readonly<Record<string, ConfigValue>>>;
/** One option, `undefined` when unset without a default: `config-get --format=json <key>`. */
export function configGet(runner: CommandRunner, key: string): Promise<ConfigValue | undefined>;
export async function configGet(
  runner: CommandRunner,
  key?: string,
): Promise<Readonly<Record<string, ConfigValue>> | ConfigValue | undefined> {
  return runHookToolMapGet<ConfigValue>(runner, 'config-get', key);
}
