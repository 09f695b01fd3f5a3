import { type CommandRunner } from './command-runner';
import { runHookTool } from './run-hook-tool';

/** A `juju-log` level. */
export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

// Linux caps one argv string at 128 KiB (MAX_ARG_STRLEN); longer messages go in pieces.
const MAX_CHUNK = 131071;

/** Writes to the unit's Juju log: `juju-log --log-level INFO -- <message>`. */
export async function jujuLog(
  runner: CommandRunner,
  message: string,
  level: LogLevel = 'INFO',
): Promise<void> {
  let start = 0;
  do {
    const chunk = message.slice(start, start + MAX_CHUNK);
    await runHookTool(runner, 'juju-log', ['--log-level', level, '--', chunk]);
    start += MAX_CHUNK;
  } while (start < message.length);
}
