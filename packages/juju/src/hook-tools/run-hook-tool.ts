import { type CommandRunner } from './command-runner';
import { HookToolError } from './hook-tool-error';

/** Runs a hook tool and returns its stdout; every failure becomes a {@link HookToolError}. */
export async function runHookTool(
  runner: CommandRunner,
  tool: string,
  args: readonly string[],
  stdin?: string,
): Promise<string> {
  const command = [tool, ...args];
  let result;
  try {
    result = await runner.run(tool, args, stdin === undefined ? {} : { stdin });
  } catch (error) {
    // 127 is what shells report for a command that cannot be found or started.
    throw new HookToolError(command, 127, error instanceof Error ? error.message : String(error));
  }
  if (result.exitCode !== 0) {
    throw new HookToolError(command, result.exitCode, result.stderr, result.stdout);
  }
  return result.stdout;
}

/**
 * Runs a hook tool that was asked for `--format=json` and parses its output.
 * Empty output (some tools print nothing for a missing key) reads as `undefined`.
 */
export async function runHookToolJson(
  runner: CommandRunner,
  tool: string,
  args: readonly string[],
  stdin?: string,
): Promise<unknown> {
  const stdout = await runHookTool(runner, tool, args, stdin);
  if (stdout.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(stdout) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HookToolError([tool, ...args], 0, `cannot parse JSON output: ${reason}`, stdout);
  }
}

/**
 * Decodes a tool's parsed output with `decode`, turning a decoding failure into a
 * {@link HookToolError} so callers still see one error type.
 */
/**
 * `<tool> --format=json [key]` for a tool that reads a map: the whole map without a key (`{}`
 * when it prints null, as Juju 4's state-get does with nothing stored), else that key's value.
 */
export async function runHookToolMapGet<T>(
  runner: CommandRunner,
  tool: string,
  key?: string,
): Promise<Readonly<Record<string, T>> | T | undefined> {
  const args = key === undefined ? ['--format=json'] : ['--format=json', key];
  const value = await runHookToolJson(runner, tool, args);
  if (key === undefined) {
    return (value ?? {}) as Record<string, T>;
  }
  return (value ?? undefined) as T | undefined;
}

export function decodeHookToolOutput<T>(
  command: readonly string[],
  output: unknown,
  decode: () => T,
): T {
  try {
    return decode();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HookToolError(command, 0, `cannot decode output: ${reason}`, JSON.stringify(output));
  }
}
