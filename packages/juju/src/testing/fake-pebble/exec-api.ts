import { type ChildProcess, spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

import { type WebSocket } from 'ws';

import { isJsonObject } from '../../json';
import { parseDuration } from '../../pebble/duration';
import { END_COMMAND, isEndCommand } from '../../pebble/exec-frames';
import { ApiError } from './api-response';
import { type ChangeRecord, type ChangeStore, type TaskRecord } from './change-store';
import { type Sandbox } from './sandbox';

// Pebble waits this long for the stdio (and stderr) websockets before failing the task.
const CONNECT_TIMEOUT_MS = 5000;

interface Execution {
  readonly command: readonly string[];
  readonly environment: Record<string, string>;
  readonly workingDir: string;
  readonly timeoutMs: number | undefined;
  readonly splitStderr: boolean;
  readonly change: ChangeRecord;
  readonly task: TaskRecord;
  readonly sockets: Map<string, WebSocket>;
  readonly connectTimer: NodeJS.Timeout;
  child?: ChildProcess;
}

function findExecutable(command: string, path: string | undefined): boolean {
  const candidates =
    isAbsolute(command) || command.includes('/')
      ? [command]
      : (path ?? '').split(delimiter).map((dir) => join(dir, command));
  return candidates.some((candidate) => {
    try {
      const info = statSync(candidate);
      return info.isFile() && (info.mode & 0o111) !== 0;
    } catch {
      return false;
    }
  });
}

function stringMap(value: unknown): Record<string, string> {
  return isJsonObject(value)
    ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, String(item)]))
    : {};
}

/**
 * The exec API of a fake Pebble: `POST /v1/exec` starts a change whose task waits for the
 * websockets, then spawns the command for real (cwd mapped into the sandbox) and streams its
 * I/O with Pebble's frame protocol. The exit code lands in the task data as `exit-code`.
 */
export class ExecApi {
  private readonly executions = new Map<string, Execution>();

  constructor(
    private readonly sandbox: Sandbox,
    private readonly changes: ChangeStore,
    private readonly baseEnvironment: Readonly<Record<string, string>>,
  ) {}

  /** `POST /v1/exec`: validates, creates the change, and returns what the async answer carries. */
  start(payload: unknown): { change: ChangeRecord; result: Record<string, unknown> } {
    const request = isJsonObject(payload) ? payload : {};
    const command = Array.isArray(request.command) ? request.command.map(String) : [];
    if (command.length === 0) throw new ApiError(400, 'must specify command');
    let timeoutMs: number | undefined;
    try {
      timeoutMs = request.timeout ? parseDuration(String(request.timeout)) : undefined;
    } catch (error) {
      throw new ApiError(
        400,
        `invalid timeout: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const environment = { ...this.baseEnvironment, ...stringMap(request.environment) };
    const executable = command[0] ?? '';
    if (!findExecutable(executable, environment.PATH)) {
      throw new ApiError(400, `cannot find executable "${executable}"`);
    }
    const workingDir =
      typeof request['working-dir'] === 'string' && request['working-dir']
        ? request['working-dir']
        : '/';
    const hostDir = this.sandbox.hostPath(workingDir);
    if (!statSync(hostDir, { throwIfNoEntry: false })?.isDirectory()) {
      throw new ApiError(500, `cannot call exec: working directory "${workingDir}" does not exist`);
    }
    const summary = `Execute command "${executable}"`;
    const change = this.changes.create('exec', summary, [{ kind: 'exec', summary }]);
    const task = change.tasks[0] as TaskRecord;
    task.status = 'Doing';
    const execution: Execution = {
      command,
      environment,
      workingDir: hostDir,
      timeoutMs,
      splitStderr: request['split-stderr'] === true,
      change,
      task,
      sockets: new Map(),
      connectTimer: setTimeout(
        () => this.fail(execution, 'timeout waiting for websocket connections'),
        CONNECT_TIMEOUT_MS,
      ),
    };
    this.executions.set(task.id, execution);
    return { change, result: { 'task-id': task.id, environment, 'working-dir': workingDir } };
  }

  /** Whether a websocket upgrade for this task and channel is expected. */
  accepts(taskId: string, channel: string): boolean {
    const execution = this.executions.get(taskId);
    const channels = execution?.splitStderr ? ['control', 'stdio', 'stderr'] : ['control', 'stdio'];
    return execution !== undefined && channels.includes(channel) && !execution.sockets.has(channel);
  }

  /** Takes a connected websocket; the command starts once stdio (and stderr) are there. */
  attach(taskId: string, channel: string, socket: WebSocket): void {
    const execution = this.executions.get(taskId);
    if (execution === undefined) {
      socket.close();
      return;
    }
    execution.sockets.set(channel, socket);
    // A client that drops a socket mid-stream must not crash the server with an unhandled 'error'.
    socket.on('error', () => undefined);
    if (channel === 'control') {
      socket.on('message', (data) => this.control(execution, data.toString()));
    }
    const ioReady =
      execution.sockets.has('stdio') && (!execution.splitStderr || execution.sockets.has('stderr'));
    if (ioReady && execution.child === undefined) {
      clearTimeout(execution.connectTimer);
      this.run(execution);
    }
  }

  /** Kills commands still running (server shutdown). */
  stopAll(): void {
    for (const execution of this.executions.values()) {
      clearTimeout(execution.connectTimer);
      execution.child?.kill('SIGKILL');
    }
  }

  private control(execution: Execution, text: string): void {
    try {
      const message: unknown = JSON.parse(text);
      if (isJsonObject(message) && message.command === 'signal' && isJsonObject(message.signal)) {
        execution.child?.kill(String(message.signal.name) as NodeJS.Signals);
      }
    } catch {
      // Pebble logs and ignores undecodable control messages.
    }
  }

  private run(execution: Execution): void {
    const [command = '', ...args] = execution.command;
    const stdio = execution.sockets.get('stdio') as WebSocket;
    const stderrSocket = execution.sockets.get('stderr') as WebSocket;
    const child = spawn(command, args, {
      cwd: execution.workingDir,
      env: execution.environment,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    execution.child = child;
    child.stdin.on('error', () => undefined); // the command may exit without reading stdin
    stdio.on('message', (data, isBinary) => {
      if (isBinary) child.stdin.write(data as Buffer);
      else if (isEndCommand(data as Buffer)) child.stdin.end();
    });
    let timedOut = false;
    const timer =
      execution.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, execution.timeoutMs);
    // Each socket gets one end frame, after all the streams it carries have closed
    // ('close' also covers a command that failed to start, whose pipes never 'end').
    const forward = (streams: NodeJS.ReadableStream[], socket: WebSocket): Promise<void> =>
      Promise.all(
        streams.map(
          (stream) =>
            new Promise<void>((resolve) => {
              stream.on('data', (chunk: Buffer) => socket.send(chunk, { binary: true }));
              stream.once('close', resolve);
            }),
        ),
      ).then(() => socket.send(END_COMMAND));
    const output = execution.splitStderr
      ? Promise.all([forward([child.stdout], stdio), forward([child.stderr], stderrSocket)])
      : forward([child.stdout, child.stderr], stdio);
    let spawnError: Error | undefined;
    child.once('error', (error) => {
      spawnError = error;
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      void output.then(() => {
        execution.sockets.get('control')?.close();
        if (timedOut) {
          this.finish(
            execution,
            -1,
            `timed out after ${execution.timeoutMs ?? 0}ms: context deadline exceeded`,
          );
        } else if (spawnError !== undefined) {
          this.finish(execution, -1, spawnError.message);
        } else {
          this.finish(execution, code ?? -1);
        }
      });
    });
  }

  private fail(execution: Execution, message: string): void {
    this.finish(execution, undefined, `exec ${execution.task.id}: ${message}`);
  }

  private finish(execution: Execution, exitCode: number | undefined, error?: string): void {
    this.executions.delete(execution.task.id);
    if (exitCode !== undefined) {
      execution.task.data = { 'exit-code': exitCode };
    }
    execution.change.finishTask(execution.task, error === undefined ? 'Done' : 'Error', error);
  }
}
