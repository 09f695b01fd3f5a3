import { type ChildProcess, spawn } from 'node:child_process';

export interface LaunchRequest {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /** Bytes (a git protocol stream) or text. */
  readonly input: string | Buffer;
}

export interface LaunchResult {
  /** Exit code; null when the process could not start or was killed. */
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** Why the process could not start. */
  readonly error?: string;
}

// Plain JavaScript run by the launcher process (the same from dist/ and under jest). A command
// runs in a process group of its own, killed whole on timeout, so that an `ssh` or
// `git-remote-*` helper hanging on a dead remote goes too. The launcher exits with the service.
const LAUNCHER_SOURCE = `
const { spawn } = require('node:child_process');
process.on('disconnect', () => process.exit(0));
process.on('message', ({ id, command, args, cwd, env, timeoutMs, input }) => {
  const output = [];
  let stderr = '';
  let timedOut = false;
  let child;
  let timer;
  let answered = false;
  const answer = (result) => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    const stdout = Buffer.concat(output);
    if (process.connected) process.send({ id, stdout, stderr, timedOut, ...result });
  };
  try {
    child = spawn(command, args, { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    answer({ code: null, error: String(error && error.message) });
    return;
  }
  timer = setTimeout(() => {
    timedOut = true;
    try { process.kill(-child.pid, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
  }, timeoutMs);
  child.stdout.on('data', (chunk) => output.push(chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  child.on('error', (error) => answer({ code: null, error: String(error.message) }));
  child.on('close', (code) => answer({ code }));
  child.stdin.on('error', () => undefined);
  child.stdin.end(input);
});
`;

interface Pending {
  resolve(result: LaunchResult): void;
  reject(error: Error): void;
}

/**
 * Starts child processes (git) from a small process of its own. Starting a process copies the
 * memory map of the one that starts it: from the service, that costs its event loop several
 * milliseconds a batch, growing with its heap; from the launcher, it costs the event loop nothing.
 */
export class ProcessLauncher {
  private child?: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  run(request: LaunchRequest): Promise<LaunchResult> {
    const child = this.child ?? this.start();
    const id = this.nextId;
    this.nextId += 1;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.hold(child, true);
      child.send({ id, ...request }, (error) => {
        if (!error) return;
        this.pending.delete(id);
        reject(
          new Error(`cannot hand ${request.command} to the process launcher: ${error.message}`),
        );
      });
    });
  }

  private start(): ChildProcess {
    const child = spawn(process.execPath, ['--max-old-space-size=64', '-e', LAUNCHER_SOURCE], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      // Buffers cross the channel as bytes, where JSON would need them as base64 text.
      serialization: 'advanced',
    });
    child.on('message', (message: LaunchResult & { id: number }) => {
      const { id, ...result } = message;
      this.pending.get(id)?.resolve(result);
      this.pending.delete(id);
      if (this.pending.size === 0) this.hold(child, false);
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      const error = new Error(`the process launcher exited (${signal ?? code})`);
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    });
    this.child = child;
    return child;
  }

  /** The launcher keeps the service alive only while it runs something. */
  private hold(child: ChildProcess, busy: boolean): void {
    const channel = child.channel as { ref(): void; unref(): void } | undefined;
    if (busy) {
      child.ref();
      channel?.ref();
    } else {
      child.unref();
      channel?.unref();
    }
  }
}

/** The one launcher of this process. */
export const processLauncher = new ProcessLauncher();
