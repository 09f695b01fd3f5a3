import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';

import { parseDuration } from '../../pebble/duration';
import { type ServiceSpec } from '../../pebble/layer';
import { type ChangeRecord, type ChangeStore } from './change-store';
import { type TaskStep, runChange } from './run-change';
import { type Sandbox } from './sandbox';
import { planServiceAction, serviceChangeSummary, serviceTasks } from './service-actions';
import { splitCommand } from './shell-words';

/** The `current` values of Pebble's service API. */
type Current = 'active' | 'inactive' | 'backoff' | 'error';

interface RunningService {
  /** The service config it was started with, to tell whether a replan must restart it. */
  readonly config: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  stopping: boolean;
}

/** Options of {@link ServiceManager}. */
export interface ServiceManagerOptions {
  readonly sandbox: Sandbox;
  readonly changes: ChangeStore;
  /** Where each service's stdout and stderr go: `<logsDir>/<service>.log`. */
  readonly logsDir: string;
  /** How long a service must stay up to count as started (Pebble: 1 s). */
  readonly okayDelayMs: number;
  /** The base environment of services (Pebble passes its own). */
  readonly baseEnvironment: Readonly<Record<string, string>>;
}

const DEFAULT_KILL_DELAY_MS = 5000;

/**
 * Starts the plan's services as real child processes and stops them, recording each start and
 * stop as a change. No automatic restarts or backoff: a service that exits on its own becomes
 * `error`.
 */
export class ServiceManager {
  private readonly running = new Map<string, RunningService>();
  private readonly current = new Map<string, { value: Current; since: Date }>();

  constructor(
    private readonly plan: () => Readonly<Record<string, ServiceSpec>>,
    private readonly options: ServiceManagerOptions,
  ) {}

  /** `GET /v1/services` entries, sorted by name. */
  list(names: readonly string[]): Record<string, string>[] {
    return Object.entries(this.plan())
      .filter(([name]) => names.length === 0 || names.includes(name))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, spec]) => {
        const current = this.current.get(name);
        return {
          name,
          startup: spec.startup === 'enabled' ? 'enabled' : 'disabled',
          current: current?.value ?? 'inactive',
          ...(current ? { 'current-since': current.since.toISOString() } : {}),
        };
      });
  }

  /** Whether a service's process is running. */
  isRunning(name: string): boolean {
    return this.running.has(name);
  }

  /** `POST /v1/services` with an action; returns the change doing it. */
  act(action: string, names: readonly string[]): ChangeRecord {
    const running = new Map([...this.running].map(([name, service]) => [name, service.config]));
    const planned = planServiceAction(action, names, this.plan(), running);
    const change = this.options.changes.create(
      action,
      serviceChangeSummary(planned),
      serviceTasks(planned),
    );
    const steps: TaskStep[] = [
      ...planned.stops.map((name) => () => this.stop(name)),
      ...planned.starts.map((name) => () => this.start(name)),
    ];
    runChange(change, steps);
    return change;
  }

  /** Stops everything (server shutdown). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((name) => this.stop(name)));
  }

  private setCurrent(name: string, value: Current): void {
    this.current.set(name, { value, since: new Date() });
  }

  private async start(name: string): Promise<string | void> {
    const spec = this.plan()[name];
    if (spec === undefined) throw new Error(`service "${name}" does not exist`);
    if (this.running.has(name)) return `Service "${name}" already started.`;
    const [command, ...args] = splitCommand(spec.command ?? '');
    if (command === undefined) throw new Error(`cannot start service: no command`);
    const log = openSync(join(this.options.logsDir, `${name}.log`), 'a');
    let child: ChildProcess;
    try {
      child = spawn(command, args, {
        cwd: this.options.sandbox.hostPath(spec['working-dir'] ?? '/'),
        env: { ...this.options.baseEnvironment, ...spec.environment },
        stdio: ['ignore', log, log],
        // Its own process group, so stopping kills anything it spawned too.
        detached: true,
      });
    } finally {
      closeSync(log);
    }
    let spawnError: Error | undefined;
    const exited = new Promise<number | null>((resolve) => {
      child.once('error', (error) => {
        spawnError = error;
        resolve(null);
      });
      child.once('exit', (code) => resolve(code));
    });
    const running: RunningService = {
      config: JSON.stringify(spec),
      child,
      exited,
      stopping: false,
    };
    this.running.set(name, running);
    void exited.then(() => {
      this.running.delete(name);
      if (!running.stopping) this.setCurrent(name, 'error');
    });
    const early = await within(
      exited.then((code) => ({ code })),
      this.options.okayDelayMs,
    );
    if (early !== undefined) {
      throw new Error(
        spawnError === undefined
          ? `cannot start service: exited quickly with code ${early.code ?? 'unknown'}`
          : `cannot start service: ${spawnError.message}`,
      );
    }
    this.setCurrent(name, 'active');
  }

  private async stop(name: string): Promise<string | void> {
    const running = this.running.get(name);
    if (running === undefined) return `Service "${name}" already stopped.`;
    running.stopping = true;
    const pid = running.child.pid;
    const killDelay =
      parseDuration(this.plan()[name]?.['kill-delay'] ?? '0') || DEFAULT_KILL_DELAY_MS;
    signalGroup(pid, 'SIGTERM');
    if (
      (await within(
        running.exited.then(() => true),
        killDelay,
      )) === undefined
    ) {
      signalGroup(pid, 'SIGKILL');
      await running.exited;
    }
    this.setCurrent(name, 'inactive');
  }
}

/** `promise`'s value, or undefined if it takes longer than `ms` (the timer never outlives it). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
