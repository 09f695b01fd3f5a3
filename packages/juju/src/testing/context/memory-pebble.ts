import { dump } from 'js-yaml';

import { toChange } from '../../pebble/changes';
import { ChangeError } from '../../pebble/errors/change-error';
import { ExecError } from '../../pebble/errors/exec-error';
import { PebbleApiError } from '../../pebble/errors/pebble-api-error';
import { PebbleConnectionError } from '../../pebble/errors/pebble-connection-error';
import { type ExecOptions, type ExecResult } from '../../pebble/exec';
import { type ListFilesOptions, type MakeDirOptions, type PushOptions } from '../../pebble/files';
import { type Layer, type Plan } from '../../pebble/layer';
import { type ChangeOptions, type CheckQuery, type Pebble } from '../../pebble/pebble';
import { type Change, type CheckInfo, type FileInfo, type ServiceInfo } from '../../pebble/types';
import { ApiError } from '../fake-pebble/api-response';
import { ChangeStore } from '../fake-pebble/change-store';
import { PlanStore, parseLayer } from '../fake-pebble/plan';
import { type TaskStep, runChange } from '../fake-pebble/run-change';
import {
  planServiceAction,
  serviceChangeSummary,
  serviceTasks,
} from '../fake-pebble/service-actions';
import { MemoryFiles } from './memory-files';
import { type ContainerState, type ExecCall, type ServiceState } from './state';

/** The answer of the fake server's API as the client would throw it. */
function asClientError<T>(request: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof ApiError) {
      throw new PebbleApiError(error.statusCode, error.kind ?? '', error.message, request);
    }
    throw error;
  }
}

/** The plan a container's layers combine into, as `GET /v1/plan` shows it. */
export function containerPlan(container: ContainerState): Plan {
  return new PlanStore(container.layers).plan();
}

/**
 * A Pebble in memory over one {@link ContainerState}, which it changes in place. It follows the
 * fake Pebble server (and Pebble): the same layer parsing and merging, the same replan and
 * service actions as changes with their tasks, the same errors, but services only change state
 * and `exec` answers from the container's stubs.
 */
export class MemoryPebble implements Pebble {
  private readonly changes = new ChangeStore();
  private readonly files: MemoryFiles;

  constructor(
    private readonly container: ContainerState,
    /** Named in connection errors, as the socket would be. */
    private readonly socketPath: string,
  ) {
    this.files = new MemoryFiles(container);
  }

  async systemInfo() {
    this.connect();
    return { bootId: 'memory', httpAddress: '', version: '1.19.0' };
  }

  async canConnect(): Promise<boolean> {
    return this.container.canConnect;
  }

  async addLayer(label: string, layer: Layer, options: { readonly combine?: boolean } = {}) {
    this.connect();
    // Through YAML and the server's parser, as the client sends it.
    asClientError('POST /v1/layers', () =>
      new PlanStore(this.container.layers).add(
        label,
        parseLayer(label, dump(layer)),
        options.combine === true,
      ),
    );
  }

  async getPlan(): Promise<Plan> {
    this.connect();
    return JSON.parse(JSON.stringify(this.plan())) as Plan;
  }

  async getServices(names: readonly string[] = []): Promise<ServiceInfo[]> {
    this.connect();
    return Object.entries(this.plan().services ?? {})
      .filter(([name]) => names.length === 0 || names.includes(name))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, spec]) => ({
        name,
        startup: spec.startup === 'enabled' ? 'enabled' : 'disabled',
        current: this.container.services[name]?.current ?? 'inactive',
      }));
  }

  replan(): Promise<Change> {
    return this.serviceAction('replan', []);
  }

  startServices(names: readonly string[]): Promise<Change> {
    return this.serviceAction('start', names);
  }

  stopServices(names: readonly string[]): Promise<Change> {
    return this.serviceAction('stop', names);
  }

  restartServices(names: readonly string[]): Promise<Change> {
    return this.serviceAction('restart', names);
  }

  async waitChange(changeId: string, _options?: ChangeOptions): Promise<Change> {
    this.connect();
    const change = this.changes.get(changeId);
    if (change === undefined) {
      throw new PebbleApiError(
        404,
        'not-found',
        `cannot find change with id "${changeId}"`,
        `GET /v1/changes/${changeId}/wait`,
      );
    }
    return this.settled(toChange(change.toJSON()));
  }

  async getChecks(query: CheckQuery = {}): Promise<CheckInfo[]> {
    this.connect();
    return Object.entries(this.plan().checks ?? {})
      .filter(
        ([name, check]) =>
          (query.level === undefined || check.level === query.level) &&
          (query.names === undefined || query.names.length === 0 || query.names.includes(name)),
      )
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, check]) => {
        const result = this.container.checks[name] ?? { status: 'up', failures: 0 };
        return {
          name,
          ...(check.level === undefined ? {} : { level: check.level }),
          startup: 'enabled',
          status: result.status,
          successes: 0,
          failures: result.failures,
          threshold: check.threshold ?? 3,
        };
      });
  }

  async isHealthy(query: CheckQuery = {}): Promise<boolean> {
    // Pebble's health: ready includes alive.
    const checks = await this.getChecks({
      ...(query.names === undefined ? {} : { names: query.names }),
    });
    return checks.every(
      (check) =>
        check.status !== 'down' ||
        !(
          query.level === undefined ||
          check.level === query.level ||
          (query.level === 'ready' && check.level === 'alive')
        ),
    );
  }

  async push(path: string, content: string | Uint8Array, options?: PushOptions): Promise<void> {
    this.connect();
    this.files.push(path, content, options);
  }

  async pull(path: string): Promise<Buffer> {
    this.connect();
    return this.files.pull(path);
  }

  async listFiles(path: string, options?: ListFilesOptions): Promise<FileInfo[]> {
    this.connect();
    return this.files.list(path, options);
  }

  async makeDir(path: string, options?: MakeDirOptions): Promise<void> {
    this.connect();
    this.files.makeDir(path, options);
  }

  async removePath(path: string, options: { readonly recursive?: boolean } = {}): Promise<void> {
    this.connect();
    this.files.remove(path, options.recursive === true);
  }

  async exec(command: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    this.connect();
    const call: ExecCall = {
      command: [...command],
      environment: { ...options.environment },
      ...(options.workingDir === undefined ? {} : { workingDir: options.workingDir }),
      ...(options.user === undefined ? {} : { user: options.user }),
      ...(options.stdin === undefined
        ? {}
        : { stdin: Buffer.from(options.stdin).toString('utf8') }),
    };
    this.container.execLog.push(call);
    const stub = this.container.execs
      .filter((candidate) => candidate.command.every((word, index) => command[index] === word))
      .sort((a, b) => b.command.length - a.command.length)[0];
    if (stub === undefined) {
      throw new PebbleApiError(
        400,
        '',
        `cannot find executable "${command[0] ?? ''}"`,
        'POST /v1/exec',
      );
    }
    const outcome = typeof stub.outcome === 'function' ? stub.outcome(call) : stub.outcome;
    const { exitCode = 0, stdout = '', stderr = '' } = outcome;
    if (exitCode !== 0) throw new ExecError(command, exitCode, stdout, stderr);
    return { stdout, stderr };
  }

  private connect(): void {
    if (!this.container.canConnect) {
      throw new PebbleConnectionError(this.socketPath, 'connect ENOENT');
    }
  }

  private plan(): Plan {
    return containerPlan(this.container);
  }

  private async serviceAction(action: string, names: readonly string[]): Promise<Change> {
    this.connect();
    const services = this.plan().services ?? {};
    const running = new Map(
      Object.entries(this.container.services)
        .filter(([, service]) => service.current === 'active')
        .map(([name, service]) => [name, JSON.stringify(service.startedWith)]),
    );
    const planned = asClientError('POST /v1/services', () =>
      planServiceAction(action, names, services, running),
    );
    const change = this.changes.create(
      action,
      serviceChangeSummary(planned),
      serviceTasks(planned),
    );
    const steps: TaskStep[] = [
      ...planned.stops.map((name) => async () => this.stop(name)),
      ...planned.starts.map((name) => async () => this.start(name)),
    ];
    runChange(change, steps);
    await change.whenReady();
    return this.settled(toChange(change.toJSON()));
  }

  private service(name: string): ServiceState {
    return (this.container.services[name] ??= { current: 'inactive', starts: 0 });
  }

  private start(name: string): string | void {
    const service = this.service(name);
    if (service.current === 'active') return `Service "${name}" already started.`;
    service.starts += 1;
    if (service.failsToStart === true) {
      service.current = 'error';
      throw new Error('cannot start service: exited quickly with code 1');
    }
    service.current = 'active';
    service.startedWith = JSON.parse(JSON.stringify(this.plan().services?.[name]));
  }

  private stop(name: string): string | void {
    const service = this.service(name);
    if (service.current !== 'active') return `Service "${name}" already stopped.`;
    service.current = 'inactive';
  }

  /** What the client's wait gives back: the change, or a {@link ChangeError} if it failed. */
  private settled(change: Change): Change {
    if (change.err !== undefined) throw new ChangeError(change);
    return change;
  }
}
