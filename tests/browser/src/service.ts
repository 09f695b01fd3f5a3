import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** The built workload, as `npm start` runs it. */
export const WORKLOAD_MAIN = join(
  dirname(require.resolve('@hlp/workload/package.json')),
  'dist',
  'main.js',
);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Service {
  readonly url: string;
  /** What the service printed on its standard output so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `lego-provider quickstart` (the README's `npm start`: embedded defaults in `HLP_DATA_DIR`) on a
 * free port; resolves once /health/ready says so.
 */
export async function startQuickstart(
  env: Record<string, string>,
  logFile: string,
): Promise<Service> {
  const port = await freePort();
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, [WORKLOAD_MAIN, 'quickstart'], {
    env: { ...env, HLP_HOST: '127.0.0.1', HLP_PORT: String(port) },
    stdio: ['ignore', 'pipe', log],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    appendFileSync(logFile, chunk);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the service exited with ${child.exitCode}; see ${logFile}`);
    }
    const ready = await fetch(`${url}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { url, output: () => output, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the service was not ready within 30 s; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
