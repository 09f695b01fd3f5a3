import { type ExecOptions, type ExecResult } from './exec';
import { type ListFilesOptions, type MakeDirOptions, type PushOptions } from './files';
import { type Layer, type Plan } from './layer';
import {
  type Change,
  type CheckInfo,
  type FileInfo,
  type ServiceInfo,
  type SystemInfo,
} from './types';

/** Options of calls that start a change and wait for it. */
export interface ChangeOptions {
  /** How long to wait for the change, default 30 s. */
  readonly timeoutMs?: number;
}

/** Filters of the checks and health calls. */
export interface CheckQuery {
  readonly level?: 'alive' | 'ready';
  readonly names?: readonly string[];
}

/**
 * The Pebble calls a charm makes on a workload container. {@link PebbleClient} implements it
 * over the container's socket; tests may substitute anything else.
 */
export interface Pebble {
  /** `GET /v1/system-info`. */
  systemInfo(): Promise<SystemInfo>;
  /** Whether Pebble answers at all (the container is up); never throws. */
  canConnect(): Promise<boolean>;
  /** `POST /v1/layers`; with `combine`, merges into the layer with the same label. */
  addLayer(label: string, layer: Layer, options?: { readonly combine?: boolean }): Promise<void>;
  /** `GET /v1/plan?format=yaml`, parsed. */
  getPlan(): Promise<Plan>;
  /** `GET /v1/services`, optionally only the named ones. */
  getServices(names?: readonly string[]): Promise<ServiceInfo[]>;
  /** Restarts changed services and starts enabled ones, then waits. */
  replan(options?: ChangeOptions): Promise<Change>;
  /** Starts services and waits. */
  startServices(names: readonly string[], options?: ChangeOptions): Promise<Change>;
  /** Stops services and waits. */
  stopServices(names: readonly string[], options?: ChangeOptions): Promise<Change>;
  /** Restarts services and waits. */
  restartServices(names: readonly string[], options?: ChangeOptions): Promise<Change>;
  /** Waits for a change; throws {@link ChangeError} if it failed. */
  waitChange(changeId: string, options?: ChangeOptions): Promise<Change>;
  /** `GET /v1/checks`. */
  getChecks(query?: CheckQuery): Promise<CheckInfo[]>;
  /** `GET /v1/health`: whether no matching check is down. */
  isHealthy(query?: CheckQuery): Promise<boolean>;
  /** Writes a file. */
  push(path: string, content: string | Uint8Array, options?: PushOptions): Promise<void>;
  /** Reads a file. */
  pull(path: string): Promise<Buffer>;
  /** Lists a directory. */
  listFiles(path: string, options?: ListFilesOptions): Promise<FileInfo[]>;
  /** Creates a directory. */
  makeDir(path: string, options?: MakeDirOptions): Promise<void>;
  /** Removes a file or directory. */
  removePath(path: string, options?: { readonly recursive?: boolean }): Promise<void>;
  /** Runs a command to completion; throws {@link ExecError} on a non-zero exit. */
  exec(command: readonly string[], options?: ExecOptions): Promise<ExecResult>;
}
