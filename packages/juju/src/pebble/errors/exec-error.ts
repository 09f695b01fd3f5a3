import { PebbleError } from './pebble-error';

// Enough of stderr to say what went wrong without flooding logs.
const STDERR_IN_MESSAGE = 1000;

/** A command run with `exec` exited non-zero; its output is kept for the caller. */
export class ExecError extends PebbleError {
  override readonly name = 'ExecError';

  constructor(
    readonly command: readonly string[],
    readonly exitCode: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    const detail = stderr.trim().slice(0, STDERR_IN_MESSAGE);
    super(
      `cannot exec ${JSON.stringify(command[0])}: exit code ${exitCode}${detail ? `: ${detail}` : ''}`,
    );
  }
}
