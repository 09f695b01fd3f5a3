import { dump, load } from 'js-yaml';

import { isJsonObject } from '../json';
import { waitForChange } from './changes';
import { ChangeError } from './errors/change-error';
import { PebbleConnectionError } from './errors/pebble-connection-error';
import { type ExecOptions, type ExecResult, exec } from './exec';
import {
  type ListFilesOptions,
  type MakeDirOptions,
  type PushOptions,
  listFiles,
  makeDir,
  pull,
  push,
  removePath,
} from './files';
import { type Layer, type Plan } from './layer';
import { type ChangeOptions, type CheckQuery, type Pebble } from './pebble';
import { PebbleTransport } from './transport';
import {
  type Change,
  type CheckInfo,
  type FileInfo,
  type ServiceInfo,
  type SystemInfo,
} from './types';

/** Options of {@link PebbleClient}. */
export interface PebbleClientOptions {
  /** Pebble's unix socket; for a charm, `/charm/containers/<container>/pebble.socket`. */
  readonly socketPath: string;
  /** Timeout of one HTTP request, default 30 s. */
  readonly requestTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

function checkQuery(query: CheckQuery): Record<string, string | readonly string[] | undefined> {
  return { level: query.level, names: query.names?.length ? query.names.join(',') : undefined };
}

/** A client of Pebble's HTTP API over its unix socket. */
export class PebbleClient implements Pebble {
  private readonly transport: PebbleTransport;

  constructor(options: PebbleClientOptions) {
    this.transport = new PebbleTransport(
      options.socketPath,
      options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
  }

  /** The socket this client talks to. */
  get socketPath(): string {
    return this.transport.socketPath;
  }

  async systemInfo(): Promise<SystemInfo> {
    const result = await this.transport.sync({ method: 'GET', path: '/v1/system-info' });
    const info = isJsonObject(result) ? result : {};
    return {
      bootId: String(info['boot-id'] ?? ''),
      httpAddress: String(info['http-address'] ?? ''),
      version: String(info.version ?? ''),
    };
  }

  async canConnect(): Promise<boolean> {
    try {
      await this.systemInfo();
      return true;
    } catch (error) {
      if (error instanceof PebbleConnectionError) {
        return false;
      }
      throw error;
    }
  }

  async addLayer(
    label: string,
    layer: Layer,
    options: { readonly combine?: boolean } = {},
  ): Promise<void> {
    await this.transport.sync({
      method: 'POST',
      path: '/v1/layers',
      json: {
        action: 'add',
        label,
        combine: options.combine === true,
        format: 'yaml',
        layer: dump(layer),
      },
    });
  }

  async getPlan(): Promise<Plan> {
    const yaml = await this.transport.sync({
      method: 'GET',
      path: '/v1/plan',
      query: { format: 'yaml' },
    });
    const plan = load(String(yaml ?? ''));
    return (isJsonObject(plan) ? plan : {}) as Plan;
  }

  async getServices(names: readonly string[] = []): Promise<ServiceInfo[]> {
    const query = { names: names.length ? names.join(',') : undefined };
    const result = await this.transport.sync({ method: 'GET', path: '/v1/services', query });
    return (Array.isArray(result) ? result : []).map((raw) => {
      const service = isJsonObject(raw) ? raw : {};
      return {
        name: String(service.name),
        startup: String(service.startup) as ServiceInfo['startup'],
        current: String(service.current) as ServiceInfo['current'],
        ...(service['current-since'] ? { currentSince: String(service['current-since']) } : {}),
      };
    });
  }

  replan(options: ChangeOptions = {}): Promise<Change> {
    return this.serviceAction('replan', [], options);
  }

  startServices(names: readonly string[], options: ChangeOptions = {}): Promise<Change> {
    return this.serviceAction('start', names, options);
  }

  stopServices(names: readonly string[], options: ChangeOptions = {}): Promise<Change> {
    return this.serviceAction('stop', names, options);
  }

  restartServices(names: readonly string[], options: ChangeOptions = {}): Promise<Change> {
    return this.serviceAction('restart', names, options);
  }

  async waitChange(changeId: string, options: ChangeOptions = {}): Promise<Change> {
    const change = await waitForChange(
      this.transport,
      changeId,
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    if (change.err) {
      throw new ChangeError(change);
    }
    return change;
  }

  async getChecks(query: CheckQuery = {}): Promise<CheckInfo[]> {
    const result = await this.transport.sync({
      method: 'GET',
      path: '/v1/checks',
      query: checkQuery(query),
    });
    return (Array.isArray(result) ? result : []).map((raw) => {
      const check = isJsonObject(raw) ? raw : {};
      return {
        name: String(check.name),
        ...(check.level ? { level: String(check.level) as CheckInfo['level'] } : {}),
        startup: String(check.startup) as CheckInfo['startup'],
        status: String(check.status) as CheckInfo['status'],
        successes: Number(check.successes ?? 0),
        failures: Number(check.failures ?? 0),
        threshold: Number(check.threshold ?? 0),
        ...(check['change-id'] ? { changeId: String(check['change-id']) } : {}),
      };
    });
  }

  async isHealthy(query: CheckQuery = {}): Promise<boolean> {
    // An unhealthy answer is a 502 with a normal sync body, so it decodes like a 200.
    const result = await this.transport.sync({
      method: 'GET',
      path: '/v1/health',
      query: checkQuery(query),
    });
    return isJsonObject(result) && result.healthy === true;
  }

  push(path: string, content: string | Uint8Array, options: PushOptions = {}): Promise<void> {
    return push(this.transport, path, content, options);
  }

  pull(path: string): Promise<Buffer> {
    return pull(this.transport, path);
  }

  listFiles(path: string, options: ListFilesOptions = {}): Promise<FileInfo[]> {
    return listFiles(this.transport, path, options);
  }

  makeDir(path: string, options: MakeDirOptions = {}): Promise<void> {
    return makeDir(this.transport, path, options);
  }

  removePath(path: string, options: { readonly recursive?: boolean } = {}): Promise<void> {
    return removePath(this.transport, path, options);
  }

  exec(command: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    return exec(this.transport, command, options);
  }

  private async serviceAction(
    action: string,
    services: readonly string[],
    options: ChangeOptions,
  ): Promise<Change> {
    const { changeId } = await this.transport.async({
      method: 'POST',
      path: '/v1/services',
      json: { action, services },
    });
    return this.waitChange(changeId, options);
  }
}
