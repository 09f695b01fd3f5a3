import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { LOGS } from './environment';

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

type Options = Pick<SpawnOptions, 'cwd' | 'env' | 'uid' | 'gid'> & { readonly input?: string };

/** Runs a command to its end and returns what it printed, whatever its exit code. */
export function run(
  command: string,
  args: readonly string[],
  options: Options = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...options,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.input !== undefined) {
      // A command may exit without reading its input: that is its answer, not our failure.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(options.input);
    }
  });
}

/** Like {@link run}, but a non-zero exit is an error that quotes the command's stderr. */
export async function runOk(
  command: string,
  args: readonly string[],
  options: Options = {},
): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.code}: ${result.stderr.trim().slice(-600)}`,
    );
  }
  return result.stdout;
}

/** Long-running processes of the suite, each logging to logs/<name>.log, stopped by PID. */
export class Processes {
  private readonly children: { name: string; child: ChildProcess }[] = [];

  start(
    name: string,
    command: string,
    args: readonly string[],
    options: Options = {},
  ): ChildProcess {
    const log = openSync(join(LOGS, `${name}.log`), 'a');
    const child = spawn(command, args, { ...options, stdio: ['ignore', log, log] });
    this.children.push({ name, child });
    return child;
  }

  async stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    for (const { child } of this.children.reverse()) await this.stop(child);
    this.children.length = 0;
  }
}

/** Polls until `check` holds, or fails naming what it waited for. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // A check that throws has seen a failure that waiting will not cure.
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}
