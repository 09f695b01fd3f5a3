import { type CommandRunner } from './command-runner';
import { runHookTool } from './run-hook-tool';

/** Sets the workload version shown by `juju status`: `application-version-set -- <version>`. */
export async function applicationVersionSet(runner: CommandRunner, version: string): Promise<void> {
  await runHookTool(runner, 'application-version-set', ['--', version]);
}
