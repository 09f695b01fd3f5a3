import { type CommandRunner } from './command-runner';
import { runHookToolJson } from './run-hook-tool';

/** Whether this unit is the leader (valid for at least 30 s): `is-leader --format=json`. */
export async function isLeader(runner: CommandRunner): Promise<boolean> {
  return (await runHookToolJson(runner, 'is-leader', ['--format=json'])) === true;
}
