import { ConfigError } from '@hlp/config';
import { CommanderError } from 'commander';
import { AppError } from '../common/app-error';
import type { CliIo } from './io';
import { buildProgram } from './program';

/** Exit codes: 0 done, 1 the command failed, 2 it was called wrongly. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed the message (or the help).
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof AppError || error instanceof ConfigError) {
      io.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    io.stderr.write(
      `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
