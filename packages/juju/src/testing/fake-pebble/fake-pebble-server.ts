import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Duplex } from 'node:stream';

import { dump } from 'js-yaml';
import { WebSocketServer } from 'ws';

import { isJsonObject } from '../../json';
import { parseDuration } from '../../pebble/duration';
import { type Layer, type Plan } from '../../pebble/layer';
import { ApiError, sendAsync, sendError, sendSync } from './api-response';
import { ChangeStore } from './change-store';
import { CheckManager } from './check-manager';
import { ExecApi } from './exec-api';
import { FilesApi } from './files-api';
import { PlanStore, parseLayer } from './plan';
import { type RecordedOwnership, Sandbox } from './sandbox';
import { ServiceManager } from './service-manager';

/** Options of {@link FakePebbleServer.start}. */
export interface FakePebbleOptions {
  /** Where to listen; created with its parent directories. */
  readonly socketPath: string;
  /** The host directory standing for the container's `/`; default a new temporary directory. */
  readonly rootDir?: string;
  /** How long a service must stay up to count as started; Pebble's (and the default) is 1000. */
  readonly serviceOkayDelayMs?: number;
}

// Pebble's default PATH for commands when its own environment has none.
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(body: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return isJsonObject(value) ? value : {};
  } catch (error) {
    throw new ApiError(
      400,
      `cannot decode request body: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function names(query: URLSearchParams): string[] {
  return query
    .getAll('names')
    .flatMap((value) => value.split(','))
    .filter((name) => name !== '');
}

/**
 * A fake Pebble on a unix socket, following Pebble's HTTP API: layers and plan, services as
 * real processes, changes and waits, checks, files in a sandbox directory, and exec over
 * websockets. See the package README for what it does not do.
 */
export class FakePebbleServer {
  private readonly plans = new PlanStore();
  private readonly changes = new ChangeStore();
  private readonly sandbox: Sandbox;
  private readonly services: ServiceManager;
  private readonly checks: CheckManager;
  private readonly files: FilesApi;
  private readonly execs: ExecApi;
  private readonly websockets = new WebSocketServer({ noServer: true });
  private readonly bootId = randomUUID();
  private server?: Server;

  private constructor(
    readonly socketPath: string,
    /** The host directory standing for the container's `/`. */
    readonly rootDir: string,
    /** Where services' output goes: `<logsDir>/<service>.log`. */
    readonly logsDir: string,
    okayDelayMs: number,
  ) {
    const baseEnvironment = { PATH: process.env.PATH ?? DEFAULT_PATH, LANG: 'C.UTF-8' };
    this.sandbox = new Sandbox(rootDir);
    const planServices = (): NonNullable<Plan['services']> => this.plans.plan().services ?? {};
    this.services = new ServiceManager(planServices, {
      sandbox: this.sandbox,
      changes: this.changes,
      logsDir,
      okayDelayMs,
      baseEnvironment,
    });
    this.checks = new CheckManager(
      () => this.plans.plan().checks ?? {},
      this.sandbox,
      baseEnvironment,
    );
    this.files = new FilesApi(this.sandbox);
    this.execs = new ExecApi(this.sandbox, this.changes, baseEnvironment);
  }

  /** Creates the sandbox and starts listening. */
  static async start(options: FakePebbleOptions): Promise<FakePebbleServer> {
    const rootDir = options.rootDir ?? (await mkdtemp(join(tmpdir(), 'hlp-fake-pebble-')));
    const logsDir = await mkdtemp(join(tmpdir(), 'hlp-fake-pebble-logs-'));
    await mkdir(rootDir, { recursive: true });
    await mkdir(dirname(options.socketPath), { recursive: true });
    await rm(options.socketPath, { force: true });
    const server = new FakePebbleServer(
      options.socketPath,
      rootDir,
      logsDir,
      options.serviceOkayDelayMs ?? 1000,
    );
    await server.listen();
    return server;
  }

  /** The host path of a container path, to inspect what the charm pushed. */
  hostPath(containerPath: string): string {
    return this.sandbox.hostPath(containerPath);
  }

  /** The owner requested for a path (pushes and directories record it; the fake cannot chown). */
  ownershipOf(containerPath: string): RecordedOwnership | undefined {
    return this.sandbox.ownershipOf(containerPath);
  }

  /** The labels of the layers added, in order. */
  layerLabels(): string[] {
    return this.plans.labels();
  }

  /** One layer as stored (after combining). */
  layer(label: string): Layer | undefined {
    return this.plans.layer(label);
  }

  /** The combined plan. */
  plan(): Plan {
    return this.plans.plan();
  }

  /** Whether a service's process is running. */
  isServiceRunning(name: string): boolean {
    return this.services.isRunning(name);
  }

  /** Stops listening, services, checks and commands; removes the logs (the sandbox is the caller's). */
  async stop(): Promise<void> {
    this.checks.stopAll();
    this.execs.stopAll();
    await this.services.stopAll();
    for (const client of this.websockets.clients) client.terminate();
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
    await rm(this.logsDir, { recursive: true, force: true });
  }

  private listen(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.socketPath, () => resolve());
    });
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const match = /^\/v1\/tasks\/([^/]+)\/websocket\/([^/?]+)/.exec(req.url ?? '');
    const [, taskId = '', channel = ''] = match ?? [];
    if (!this.execs.accepts(taskId, channel)) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.websockets.handleUpgrade(req, socket, head, (ws) =>
      this.execs.attach(taskId, channel, ws),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.route(req, res);
    } catch (error) {
      sendError(res, error instanceof ApiError ? error : new ApiError(500, String(error)));
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = url.searchParams;
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    const change = /^GET \/v1\/changes\/([^/]+)(\/wait)?$/.exec(route);
    if (change) {
      return this.getChange(res, change[1] ?? '', change[2] !== undefined, query);
    }
    switch (route) {
      case 'GET /v1/system-info':
        return sendSync(res, { 'boot-id': this.bootId, 'http-address': '', version: 'fake' });
      case 'GET /v1/health': {
        const healthy = this.checks.healthy(query.get('level') ?? undefined, names(query));
        return sendSync(res, { healthy }, healthy ? 200 : 502);
      }
      case 'GET /v1/plan':
        if (query.get('format') !== 'yaml')
          throw new ApiError(400, `invalid format "${query.get('format') ?? ''}"`);
        return sendSync(res, dump(this.plans.plan()));
      case 'POST /v1/layers':
        return this.addLayer(res, parseJson(await readBody(req)));
      case 'GET /v1/services':
        return sendSync(res, this.services.list(names(query)));
      case 'POST /v1/services': {
        const body = parseJson(await readBody(req));
        const services = Array.isArray(body.services) ? body.services.map(String) : [];
        const started = this.services.act(String(body.action ?? ''), services);
        if (body.action === 'replan') this.checks.update();
        return sendAsync(res, started.id);
      }
      case 'GET /v1/checks':
        return sendSync(res, this.checks.list(query.get('level') ?? undefined, names(query)));
      case 'POST /v1/checks':
        return this.postChecks(res, parseJson(await readBody(req)));
      case 'GET /v1/files':
        return this.answerFiles(res, await this.files.get(query, req.headers.accept));
      case 'POST /v1/files':
        return this.answerFiles(
          res,
          await this.files.post(req.headers['content-type'], await readBody(req)),
        );
      case 'POST /v1/exec': {
        const { change: started, result } = this.execs.start(parseJson(await readBody(req)));
        return sendAsync(res, started.id, result);
      }
      default:
        throw new ApiError(404, 'invalid API endpoint requested');
    }
  }

  private addLayer(res: ServerResponse, body: Record<string, unknown>): void {
    if (body.action !== 'add')
      throw new ApiError(400, `invalid action "${String(body.action ?? '')}"`);
    if (!body.label) throw new ApiError(400, 'label must be set');
    if (body.format !== 'yaml')
      throw new ApiError(400, `invalid format "${String(body.format ?? '')}"`);
    const label = String(body.label);
    this.plans.add(label, parseLayer(label, String(body.layer ?? '')), body.combine === true);
    // Like Pebble, a plan change (re)starts the checks it defines.
    this.checks.update();
    sendSync(res, true);
  }

  private async getChange(
    res: ServerResponse,
    id: string,
    wait: boolean,
    query: URLSearchParams,
  ): Promise<void> {
    const change = this.changes.get(id);
    if (change === undefined)
      throw new ApiError(404, `cannot find change with id "${id}"`, 'not-found');
    if (wait) {
      const timeout = query.get('timeout');
      let timeoutMs: number | undefined;
      try {
        timeoutMs = timeout ? parseDuration(timeout) : undefined;
      } catch (error) {
        throw new ApiError(
          400,
          `invalid timeout: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (!(await change.whenReady(timeoutMs))) {
        throw new ApiError(504, `timed out waiting for change after ${timeout ?? ''}`);
      }
    }
    sendSync(res, change.toJSON());
  }

  private postChecks(res: ServerResponse, body: Record<string, unknown>): void {
    const requested = Array.isArray(body.checks) ? body.checks.map(String) : [];
    if (requested.length === 0)
      throw new ApiError(400, `must specify checks for ${String(body.action ?? '')} action`);
    const missing = requested.filter((name) => this.plans.plan().checks?.[name] === undefined);
    if (missing.length > 0)
      throw new ApiError(
        400,
        `cannot ${String(body.action)} checks: cannot find checks: ${missing.join(', ')}`,
      );
    let changed: string[];
    if (body.action === 'start') changed = this.checks.start(requested);
    else if (body.action === 'stop') changed = this.checks.stop(requested);
    else throw new ApiError(400, `invalid action "${String(body.action ?? '')}"`);
    sendSync(res, { changed: changed.sort() });
  }

  private answerFiles(res: ServerResponse, answer: Awaited<ReturnType<FilesApi['get']>>): void {
    if ('result' in answer) {
      sendSync(res, answer.result);
      return;
    }
    res.writeHead(200, {
      'Content-Type': answer.contentType,
      'Content-Length': answer.body.length,
    });
    res.end(answer.body);
  }
}
