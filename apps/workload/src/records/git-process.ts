import { spawn } from 'node:child_process';

export interface GitResult {
  readonly stdout: string;
  readonly stderr: string;
}

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
 * Runs git with an argument array (never through a shell). On timeout the whole process group is
 * killed, so an `ssh` or `git-remote-*` helper hanging on a dead remote goes too.
 */
export function runGit(args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new GitCommandError(args, null, stdout, `${stderr}${error.message}`, false));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0 && !timedOut) resolve({ stdout, stderr });
      else reject(new GitCommandError(args, code, stdout, stderr, timedOut));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
