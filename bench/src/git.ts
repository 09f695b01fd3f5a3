import { execFile, spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Bench git commands run without the user's configuration, like the service's. */
export const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
};

export async function git(
  args: readonly string[],
  cwd?: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<string> {
  const { stdout } = await execFileAsync('git', args, {
    cwd,
    env: { ...GIT_ENV, ...extraEnv },
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout;
}

/** Runs git with `input` (a string, or its chunks in turn) on its standard input. */
export async function gitWithInput(
  args: readonly string[],
  cwd: string,
  input: Iterable<string>,
): Promise<void> {
  const child = spawn('git', args, { cwd, env: GIT_ENV, stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`git ${args[0]} exited ${code}`)),
    );
  });
  // Written with back-pressure: a long history is never held in memory whole.
  await Promise.all([pipeline(Readable.from(input), child.stdin), exited]);
}
