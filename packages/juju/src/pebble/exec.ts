import WebSocket from 'ws';

import { isJsonObject } from '../json';
import { waitForChange } from './changes';
import { formatDuration } from './duration';
import { END_COMMAND, isEndCommand } from './exec-frames';
import { ChangeError } from './errors/change-error';
import { ExecError } from './errors/exec-error';
import { PebbleConnectionError } from './errors/pebble-connection-error';
import { PebbleTimeoutError } from './errors/pebble-timeout-error';
import { type PebbleTransport } from './transport';

/** Options of {@link exec}. */
export interface ExecOptions {
  /** Added to (and overriding) Pebble's environment. */
  readonly environment?: Readonly<Record<string, string>>;
  readonly workingDir?: string;
  /** Pebble kills the command after this long and the call throws {@link PebbleTimeoutError}. */
  readonly timeoutMs?: number;
  readonly user?: string;
  readonly userId?: number;
  readonly group?: string;
  readonly groupId?: number;
  /** Run with the environment, user and working directory of this service (explicit options win). */
  readonly serviceContext?: string;
  /** Sent to the command's stdin, which is then closed. */
  readonly stdin?: string | Uint8Array;
}

/** What a command printed; it exited 0. */
export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
}

// Pebble starts the command only once stdio and stderr are connected, and gives up after 5 s.
const CONNECT_TIMEOUT_MS = 5000;
// Extra time for Pebble to report a command it killed for its timeout.
const WAIT_MARGIN_MS = 5000;

/** Collects binary frames until Pebble's `{"command":"end"}` text frame (or the socket closes). */
function readUntilEnd(socket: WebSocket): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const finish = (): void => resolve(Buffer.concat(chunks));
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (isBinary) {
        chunks.push(buffer);
      } else if (isEndCommand(buffer)) {
        finish();
      }
    });
    socket.once('close', finish);
  });
}

/** An exec websocket, already being read. */
interface Channel {
  readonly socket: WebSocket;
  readonly opened: Promise<void>;
  readonly received: Promise<Buffer>;
}

function openChannel(socketPath: string, taskId: string, name: string): Channel {
  const url = `ws+unix:${socketPath}:/v1/tasks/${encodeURIComponent(taskId)}/websocket/${name}`;
  const socket = new WebSocket(url, { handshakeTimeout: CONNECT_TIMEOUT_MS });
  // Read from the start: Pebble may send output before the other channels have opened.
  const received = readUntilEnd(socket);
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    // Errors after opening end in 'close', which the reader handles; this listener also keeps
    // them from being thrown as unhandled 'error' events.
    socket.on('error', (error) =>
      reject(
        new PebbleConnectionError(socketPath, `cannot open ${name} websocket: ${error.message}`),
      ),
    );
  });
  return { socket, opened, received };
}

/** Opens the control, stdio and stderr websockets; if one fails, closes them all. */
async function openChannels(
  socketPath: string,
  taskId: string,
): Promise<[Channel, Channel, Channel]> {
  const channels = (['control', 'stdio', 'stderr'] as const).map((name) =>
    openChannel(socketPath, taskId, name),
  );
  const results = await Promise.allSettled(channels.map((channel) => channel.opened));
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) {
    for (const channel of channels) channel.socket.terminate();
    throw failure.reason;
  }
  return channels as [Channel, Channel, Channel];
}

function exitCodeOf(data: unknown): number {
  return isJsonObject(data) && typeof data['exit-code'] === 'number' ? data['exit-code'] : -1;
}

/**
 * Runs a command in the container and waits for it: `POST /v1/exec`, then the control, stdio
 * and stderr websockets at `/v1/tasks/{task-id}/websocket/…`, then the change for the exit code.
 * Throws {@link ExecError} for a non-zero exit, {@link PebbleTimeoutError} when `timeoutMs` ran out.
 */
export async function exec(
  transport: PebbleTransport,
  command: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const payload = {
    command,
    'split-stderr': true,
    ...(options.environment ? { environment: options.environment } : {}),
    ...(options.workingDir ? { 'working-dir': options.workingDir } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeout: formatDuration(options.timeoutMs) }),
    ...(options.user === undefined ? {} : { user: options.user }),
    ...(options.userId === undefined ? {} : { 'user-id': options.userId }),
    ...(options.group === undefined ? {} : { group: options.group }),
    ...(options.groupId === undefined ? {} : { 'group-id': options.groupId }),
    ...(options.serviceContext ? { 'service-context': options.serviceContext } : {}),
  };
  const { changeId, result } = await transport.async({
    method: 'POST',
    path: '/v1/exec',
    json: payload,
  });
  const taskId = isJsonObject(result) ? String(result['task-id']) : '';

  const [control, stdio, stderr] = await openChannels(transport.socketPath, taskId);
  try {
    if (options.stdin !== undefined && options.stdin.length > 0) {
      stdio.socket.send(Buffer.from(options.stdin), { binary: true });
    }
    stdio.socket.send(END_COMMAND);
    const [stdoutBytes, stderrBytes] = await Promise.all([stdio.received, stderr.received]);
    const stdout = stdoutBytes.toString('utf8');
    const stderrText = stderrBytes.toString('utf8');
    const waitMs = options.timeoutMs === undefined ? undefined : options.timeoutMs + WAIT_MARGIN_MS;
    const change = await waitForChange(transport, changeId, waitMs);
    if (change.err) {
      if (options.timeoutMs !== undefined && /timed out/.test(change.err)) {
        throw new PebbleTimeoutError(`cannot exec ${JSON.stringify(command[0])}: ${change.err}`);
      }
      throw new ChangeError(change);
    }
    const exitCode = exitCodeOf(change.tasks[0]?.data);
    if (exitCode !== 0) {
      throw new ExecError(command, exitCode, stdout, stderrText);
    }
    return { stdout, stderr: stderrText };
  } finally {
    // terminate(): no close handshake to wait for; Pebble has already finished with them.
    for (const channel of [control, stdio, stderr]) channel.socket.terminate();
  }
}
