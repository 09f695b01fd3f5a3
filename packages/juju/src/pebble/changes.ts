import { type JsonObject, isJsonObject } from '../json';
import { formatDuration } from './duration';
import { PebbleApiError } from './errors/pebble-api-error';
import { PebbleTimeoutError } from './errors/pebble-timeout-error';
import { type PebbleTransport } from './transport';
import { type Change, type Task } from './types';

// One wait request never outlives this, so a slow change cannot hit the HTTP request timeout.
const WAIT_SLICE_MS = 4000;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function toTask(raw: unknown): Task {
  const task = isJsonObject(raw) ? raw : {};
  return {
    id: text(task.id),
    kind: text(task.kind),
    summary: text(task.summary),
    status: text(task.status),
    log: Array.isArray(task.log) ? task.log.map(text) : [],
    data: isJsonObject(task.data) ? task.data : ({} as JsonObject),
  };
}

/** Maps a change as Pebble sends it (kebab-case) to a {@link Change}. */
export function toChange(raw: unknown): Change {
  const change = isJsonObject(raw) ? raw : {};
  return {
    id: text(change.id),
    kind: text(change.kind),
    summary: text(change.summary),
    status: text(change.status),
    ready: change.ready === true,
    ...(change.err ? { err: text(change.err) } : {}),
    tasks: Array.isArray(change.tasks) ? change.tasks.map(toTask) : [],
    spawnTime: text(change['spawn-time']),
    ...(change['ready-time'] ? { readyTime: text(change['ready-time']) } : {}),
  };
}

/**
 * Waits until a change is ready with `GET /v1/changes/{id}/wait`, in slices, and returns it
 * whether it succeeded or not. Throws {@link PebbleTimeoutError} after `timeoutMs`
 * (no deadline when undefined).
 */
export async function waitForChange(
  transport: PebbleTransport,
  changeId: string,
  timeoutMs: number | undefined,
): Promise<Change> {
  const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
  for (;;) {
    const slice = Math.min(WAIT_SLICE_MS, deadline - Date.now());
    if (slice <= 0) {
      throw new PebbleTimeoutError(
        `cannot wait for change ${changeId}: not ready after ${timeoutMs} ms`,
      );
    }
    try {
      const result = await transport.sync({
        method: 'GET',
        path: `/v1/changes/${encodeURIComponent(changeId)}/wait`,
        query: { timeout: formatDuration(Math.max(1, Math.round(slice))) },
        timeoutMs: slice + WAIT_SLICE_MS,
      });
      return toChange(result);
    } catch (error) {
      // 504: Pebble's own wait timed out; loop to check our deadline.
      if (!(error instanceof PebbleApiError && error.statusCode === 504)) {
        throw error;
      }
    }
  }
}
