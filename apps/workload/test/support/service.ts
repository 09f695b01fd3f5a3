import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, waitFor } from './ports';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/** One JSON log line of the service (pino). */
export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface ServiceProcess {
  readonly port: number;
  readonly process: ChildProcess;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Every line logged so far. */
  logs(): Promise<LogLine[]>;
  /** Polls the log until a line matches, and returns it. */
  logged(what: string, match: (line: LogLine) => boolean): Promise<LogLine>;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
}

/**
 * `lego-provider serve` as a process of its own, logging at `info` to `<logFile>`; resolves once
 * it answers `/health/<probe>` with 200.
 */
export async function startService(
  env: Record<string, string>,
  logFile: string,
  probe: 'live' | 'ready' = 'ready',
): Promise<ServiceProcess> {
  const port = await freePort();
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    env: { ...process.env, ...env, HLP_LOG_LEVEL: 'info', HLP_PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const service: ServiceProcess = {
    port,
    process: child,
    fetch: (path, init) => fetch(`http://127.0.0.1:${port}${path}`, init),
    logs: async () =>
      (await readFile(logFile, 'utf8'))
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as LogLine),
    async logged(what, match) {
      let found: LogLine | undefined;
      await waitFor(
        `the log to show ${what}`,
        async () => {
          found = (await service.logs()).find(match);
          return found !== undefined;
        },
        30_000,
      );
      return found as LogLine;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  try {
    // Generous: a loaded machine may take long to start a process and clone.
    await waitFor(
      `the service to answer /health/${probe}`,
      async () => (await service.fetch(`/health/${probe}`)).ok,
      60_000,
    );
  } catch (error) {
    await service.stop();
    throw error;
  }
  return service;
}
