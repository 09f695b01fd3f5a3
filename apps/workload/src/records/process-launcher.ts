import { type ChildProcess, spawn } from 'node:child_process';

export interface LaunchRequest {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /** Bytes (a git protocol stream) or text. */
  readonly input: string | Buffer;
  /** For a command that reads all its input before it does anything: {@link StartAhead}. */
  readonly startAhead?: StartAhead;
}

/**
 * Starting a process costs its run a few milliseconds (receive-pack's; over SSH a session's, often
 * more than the push): while runs of one command follow each other closely, the launcher starts
 * the next while one runs, so that the next run finds it waiting for its input. One left unused
 * for `idleMs` gets `farewell` as its whole input (receive-pack: a flush, no commands), and so
 * ends cleanly. Runs follow each other closely when one begins within `idleMs` of the last one's
 * end. A run whose process started ahead has ended, or no longer reads its input, runs in a new
 * process: for a command that acts only once it has read all its input, as receive-pack does.
 */
export interface StartAhead {
  readonly farewell: string;
  readonly idleMs: number;
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
// `git-remote-*` helper hanging on a dead remote goes too. Its timeout counts from its run, not
// from a start ahead. The launcher exits with the service, ending what it started ahead.
const LAUNCHER_SOURCE = `
const { spawn } = require('node:child_process');
const ahead = new Map();
const lastEnded = new Map();
process.on('disconnect', () => {
  for (const started of ahead.values()) started.child.stdin.end(started.farewell);
  process.exit(0);
});
const killGroup = (child) => {
  try { process.kill(-child.pid, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
};
function start({ command, args, cwd, env }) {
  const started = { output: [], stderr: '', outcome: undefined, onOutcome: () => undefined };
  const settle = (outcome) => {
    if (started.outcome) return;
    started.outcome = outcome;
    started.onOutcome();
  };
  started.child = spawn(command, args, { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  started.child.stdout.on('data', (chunk) => started.output.push(chunk));
  started.child.stderr.setEncoding('utf8').on('data', (chunk) => (started.stderr += chunk));
  started.child.on('error', (error) => settle({ code: null, error: String(error.message) }));
  started.child.on('close', (code) => settle({ code }));
  started.child.stdin.on('error', () => undefined);
  return started;
}
function startAhead(key, request) {
  let started;
  try { started = start(request); } catch { return; }
  started.farewell = request.startAhead.farewell;
  started.retire = setTimeout(() => {
    ahead.delete(key);
    started.child.stdin.end(started.farewell);
    started.retire = setTimeout(() => killGroup(started.child), request.timeoutMs);
  }, request.startAhead.idleMs);
  started.child.on('close', () => {
    clearTimeout(started.retire);
    if (ahead.get(key) === started) ahead.delete(key);
  });
  ahead.set(key, started);
}
process.on('message', (request) => {
  const { id, timeoutMs, input } = request;
  const key =
    request.startAhead &&
    JSON.stringify([request.command, request.args, request.cwd, request.env]);
  const began = Date.now();
  let timedOut = false;
  let timer;
  let started;
  let answered = false;
  const answer = (result) => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    const stdout = Buffer.concat(started ? started.output : []);
    const stderr = started ? started.stderr : '';
    if (process.connected) process.send({ id, stdout, stderr, timedOut, ...result });
    if (key) lastEnded.set(key, Date.now());
  };
  const run = (running, wasAhead) => {
    started = running;
    running.onOutcome = () => answer(running.outcome);
    running.child.stdin.on('error', (error) => {
      // Started ahead, it no longer reads: a new one gets the input (receive-pack does nothing before
      // it has read all of it).
      if (!wasAhead || error.code !== 'EPIPE' || started !== running || answered) return;
      running.onOutcome = () => undefined;
      killGroup(running.child);
      runFresh();
    });
    running.child.stdin.end(input);
  };
  const runFresh = () => {
    try {
      run(start(request), false);
    } catch (error) {
      started = undefined;
      answer({ code: null, error: String(error && error.message) });
    }
  };
  const waiting = key && ahead.get(key);
  if (waiting) {
    ahead.delete(key);
    clearTimeout(waiting.retire);
  }
  timer = setTimeout(() => {
    timedOut = true;
    if (started) killGroup(started.child);
  }, timeoutMs);
  // One that ended, or was reaped already, is not used.
  if (waiting && !waiting.outcome && waiting.child.exitCode === null && waiting.child.signalCode === null)
    run(waiting, true);
  else runFresh();
  // The next starts while this one runs: over SSH a session takes longer to start than a push.
  const previous = key && lastEnded.get(key);
  if (previous !== undefined && began - previous < request.startAhead.idleMs) startAhead(key, request);
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
