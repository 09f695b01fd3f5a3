import { spawn } from 'node:child_process';

import { type CommandOptions, type CommandResult, type CommandRunner } from './command-runner';

/** Options for {@link ProcessCommandRunner}. */
export interface ProcessCommandRunnerOptions {
  /** Environment of the child processes; defaults to this process's environment. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The default {@link CommandRunner}: spawns the executable found on `PATH` with an argument
 * array. There is never a shell in between, so arguments need no quoting and cannot inject.
 */
export class ProcessCommandRunner implements CommandRunner {
  constructor(private readonly options: ProcessCommandRunnerOptions = {}) {}

  run(
    command: string,
    args: readonly string[],
    options: CommandOptions = {},
  ): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        env: this.options.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        shell: false,
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        resolve({
          // A signal has no exit code; report it the way shells do (128 + n is not portable, so -1).
          exitCode: code ?? (signal ? -1 : 0),
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        });
      });
      // A tool that exits before reading stdin makes the write fail with EPIPE; its exit status says more.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin ?? '');
    });
  }
}
