import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitFor } from '../../apps/workload/test/support/ports';

const execFileAsync = promisify(execFile);
// Compiled to bench/dist/bench/src/: the repository root is four levels up.
const MAIN = join(__dirname, '..', '..', '..', '..', 'apps', 'workload', 'dist', 'main.js');

export interface BenchService {
  readonly url: string;
  readonly authorization: string;
  /** Resident and peak resident memory of the service process, in MiB. */
  memory(): Promise<{ rss: number; peak: number }>;
  stop(): Promise<void>;
}

async function cli(env: NodeJS.ProcessEnv, args: string[], input?: string): Promise<void> {
  const child = execFileAsync(process.execPath, [MAIN, ...args], { env });
  if (input !== undefined) child.child.stdin?.end(input);
  await child;
}

/** The built workload on SQLite, serving `remote`, with a user allowed to manage every zone. */
export async function startService(
  dataDir: string,
  remote: string,
  zones: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<BenchService> {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HLP_DATA_DIR: dataDir,
    HLP_GIT_REPO: remote,
    HLP_PORT: String(port),
    HLP_LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  await cli(env, ['migrate']);
  await cli(env, ['create-user', 'bench', '--password-stdin'], 'bench-password-0123\n');
  await cli(env, ['allow-domains', 'bench', '--subdomains', zones.join(',')]);
  const child: ChildProcess = spawn(process.execPath, [MAIN, 'serve'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'the service',
    () =>
      fetch(`${url}/health/ready`).then(
        (response) => response.ok,
        () => false,
      ),
    30_000,
  );
  const status = async (field: string) => {
    const line = (await readFile(`/proc/${child.pid}/status`, 'utf8'))
      .split('\n')
      .find((l) => l.startsWith(field));
    return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
  };
  return {
    url,
    authorization: `Basic ${Buffer.from('bench:bench-password-0123').toString('base64')}`,
    memory: async () => ({ rss: await status('VmRSS'), peak: await status('VmHWM') }),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One /present or /cleanup call; resolves to the HTTP status. */
export async function call(
  service: BenchService,
  path: 'present' | 'cleanup',
  fqdn: string,
  value: string,
): Promise<number> {
  const response = await fetch(`${service.url}/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: service.authorization },
    body: JSON.stringify({ fqdn, value }),
  });
  await response.arrayBuffer();
  return response.status;
}
