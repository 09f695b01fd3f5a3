import { type JsonObject } from '../json';

/** `GET /v1/system-info`. */
export interface SystemInfo {
  readonly bootId: string;
  readonly httpAddress: string;
  readonly version: string;
}

/** One service, from `GET /v1/services`. */
export interface ServiceInfo {
  readonly name: string;
  readonly startup: 'enabled' | 'disabled';
  readonly current: 'active' | 'inactive' | 'backoff' | 'error';
  readonly currentSince?: string;
}

/** One check, from `GET /v1/checks`. */
export interface CheckInfo {
  readonly name: string;
  readonly level?: 'alive' | 'ready';
  readonly startup: 'enabled' | 'disabled';
  readonly status: 'up' | 'down' | 'inactive';
  readonly successes: number;
  readonly failures: number;
  readonly threshold: number;
  readonly changeId?: string;
}

/** One task of a change. */
export interface Task {
  readonly id: string;
  readonly kind: string;
  readonly summary: string;
  readonly status: string;
  readonly log: readonly string[];
  /** Task results; exec tasks hold `exit-code` here. */
  readonly data: JsonObject;
}

/** A change: Pebble's record of asynchronous work, from `GET /v1/changes/{id}`. */
export interface Change {
  readonly id: string;
  readonly kind: string;
  readonly summary: string;
  /** `Do`, `Doing`, `Done`, `Error`, `Hold`, `Abort`, … */
  readonly status: string;
  readonly ready: boolean;
  /** Set when the change failed. */
  readonly err?: string;
  readonly tasks: readonly Task[];
  readonly spawnTime: string;
  readonly readyTime?: string;
}

/** One entry of `GET /v1/files?action=list`. */
export interface FileInfo {
  readonly path: string;
  readonly name: string;
  readonly type: 'file' | 'directory' | 'symlink' | 'socket' | 'named-pipe' | 'device' | 'unknown';
  /** Bytes, for regular files only. */
  readonly size?: number;
  /** Permission bits, such as `0o644`. */
  readonly permissions: number;
  readonly lastModified: string;
  readonly userId?: number;
  readonly user?: string;
  readonly groupId?: number;
  readonly group?: string;
}
