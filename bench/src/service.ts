import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { PROCESS_ENVIRONMENT } from '@hlp/config';
import { timed } from './stats';
import { freePort, waitFor } from '../../apps/workload/test/support/ports';

const execFileAsync = promisify(execFile);
// Compiled to bench/dist/bench/src/: the repository root is four levels up.
export const REPOSITORY_ROOT = join(__dirname, '..', '..', '..', '..');
const MAIN = join(REPOSITORY_ROOT, 'apps', 'workload', 'dist', 'main.js');

export interface BenchService {
  readonly url: string;
  readonly port: number;
  /** The service process's id. */
  readonly pid: number;
  /** Basic credentials of the user `bench`, allowed to manage every zone. */
  readonly authorization: string;
  /** Resident and peak resident memory of the service process, in MiB. */
  memory(): Promise<{ rss: number; peak: number }>;
  /** The Prometheus text of the service's metrics endpoint now (it needs HLP_METRICS_PORT). */
  metrics(): Promise<string>;
  /** CPU time (user + system) the service process has used so far, in seconds. */
  cpuSeconds(): Promise<number>;
  /** Runs a CLI command of the workload against the service's database. */
  cli(args: string[], input?: string): Promise<void>;
  /** SIGTERM, then SIGKILL if the service has not exited within 10 s (a clogged service may not). */
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /** Receives each line of the service's standard output (JSON logs); without it, stdout is dropped. */
  readonly onStdoutLine?: (line: string) => void;
  /**
   * Migrate the database and create the user `bench` (the default). A second instance on the
   * same database finds both done.
   */
  readonly provision?: boolean;
}

/** Linux reports process CPU times in USER_HZ ticks, 100 per second on every architecture it exposes. */
const TICKS_PER_SECOND = 100;

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
  options: ServiceOptions = {},
): Promise<BenchService> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...PROCESS_ENVIRONMENT,
    HLP_DATA_DIR: dataDir,
    HLP_GIT_REPO: remote,
    HLP_PORT: String(port),
    HLP_LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  if (options.provision ?? true) {
    await cli(env, ['migrate']);
    await cli(env, ['create-user', 'bench', '--password-stdin'], 'bench-password-0123\n');
    await cli(env, ['allow-domains', 'bench', '--subdomains', zones.join(',')]);
  }
  const child: ChildProcess = spawn(process.execPath, [MAIN, 'serve'], {
    env,
    stdio: ['ignore', options.onStdoutLine ? 'pipe' : 'ignore', 'inherit'],
  });
  const { onStdoutLine } = options;
  if (onStdoutLine && child.stdout)
    createInterface({ input: child.stdout }).on('line', onStdoutLine);
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
    port,
    pid: child.pid ?? 0,
    authorization: `Basic ${Buffer.from('bench:bench-password-0123').toString('base64')}`,
    memory: async () => ({ rss: await status('VmRSS'), peak: await status('VmHWM') }),
    metrics: async () => {
      const metricsPort = Number(env.HLP_METRICS_PORT);
      if (!metricsPort) throw new Error('the service was started without HLP_METRICS_PORT');
      return (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    },
    cpuSeconds: async () => {
      // Fields 14 and 15 of /proc/<pid>/stat, counted after the parenthesised command name.
      const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    },
    cli: (args, input) => cli(env, args, input),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
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

/** A /present of a new value at `fqdn`, then its /cleanup; their latencies in milliseconds. */
export async function presentAndCleanup(
  service: BenchService,
  fqdn: string,
): Promise<{ present: number; cleanup: number }> {
  const value = randomBytes(32).toString('base64url');
  const [presented, present] = await timed(() => call(service, 'present', fqdn, value));
  const [cleaned, cleanup] = await timed(() => call(service, 'cleanup', fqdn, value));
  if (presented !== 204 || cleaned !== 204)
    throw new Error(`sequential request answered ${presented}/${cleaned}`);
  return { present, cleanup };
}

/** `samples` {@link presentAndCleanup} pairs one after the other, of the names `fqdn(i)`. */
export async function sequentialRequests(
  service: BenchService,
  samples: number,
  fqdn: (index: number) => string,
): Promise<{ present: number[]; cleanup: number[] }> {
  const present: number[] = [];
  const cleanup: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const pair = await presentAndCleanup(service, fqdn(i));
    present.push(pair.present);
    cleanup.push(pair.cleanup);
  }
  return { present, cleanup };
}

/** Environment that makes a service write its V8 CPU profile into `dir` when it stops. */
export const cpuProfileEnv = (dir: string | undefined): NodeJS.ProcessEnv =>
  dir
    ? { NODE_OPTIONS: `${PROCESS_ENVIRONMENT.NODE_OPTIONS} --cpu-prof --cpu-prof-dir=${dir}` }
    : {};
