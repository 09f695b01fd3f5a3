import { processLauncher, type StartAhead } from './process-launcher';

export interface GitResult {
  readonly stdout: string;
  readonly stderr: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

export interface GitOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  readonly input?: string;
}

/** A git command that failed: what ran (never with credentials), its exit code and output. */
export class GitCommandError extends Error {
  override readonly name = 'GitCommandError';
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stdout: string,
    readonly stderr: string,
    readonly timedOut: boolean,
  ) {
    const command = subcommand(args);
    super(
      timedOut
        ? `git ${command} did not finish in time and was stopped`
        : `git ${command} failed (exit ${exitCode}): ${firstLines(stderr)}`,
    );
  }
}

/** Banners and git's generic advice say nothing about this failure. */
const NOISE =
  /^@|^Please make sure you have the correct access rights|^and the repository exists|^IT IS POSSIBLE|^Someone could be|^It is also possible|^The fingerprint|^SHA256:|^Please contact|^Add correct host key|^Offending|^Host key for .* has changed and you have requested/;

/** The lines of git's and ssh's messages that explain the failure. */
function firstLines(stderr: string): string {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !NOISE.test(line))
    .slice(-3)
    .join(' | ');
}

/** `clone` in `git -c a=b -c c=d clone …`. */
function subcommand(args: readonly string[]): string {
  let i = 0;
  while (args[i] === '-c' || args[i] === '-C') i += 2;
  return args[i] ?? '';
}

/**
 * Runs git with an argument array (never through a shell), from the process launcher. On timeout
 * the whole process group is killed.
 */
export async function runGit(
  args: readonly string[],
  options: GitOptions = {},
): Promise<GitResult> {
  const result = await processLauncher.run({
    command: 'git',
    args,
    cwd: options.cwd,
    env: options.env,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    input: options.input ?? '',
  });
  const stderr = result.error === undefined ? result.stderr : `${result.stderr}${result.error}`;
  const stdout = result.stdout.toString('utf8');
  if (result.code === 0 && !result.timedOut) return { stdout, stderr };
  throw new GitCommandError(args, result.code, stdout, stderr, result.timedOut);
}

export interface ExchangeResult {
  /** Exit code; null when the command could not start or was killed. */
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/**
 * Runs a command that speaks a git protocol over its stdin and stdout (bytes, not text), from the
 * process launcher, with the same timeout and kill of the process group as {@link runGit}. The
 * caller reads the answer: what the exit code alone says is not the verdict.
 */
export async function exchange(
  command: string,
  args: readonly string[],
  input: Buffer,
  options: Omit<GitOptions, 'input'> & { readonly startAhead?: StartAhead } = {},
): Promise<ExchangeResult> {
  const result = await processLauncher.run({
    command,
    args,
    cwd: options.cwd,
    env: options.env,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    input,
    startAhead: options.startAhead,
  });
  return {
    code: result.code,
    stdout: result.stdout,
    stderr: result.error === undefined ? result.stderr : `${result.stderr}${result.error}`,
    timedOut: result.timedOut,
  };
}
