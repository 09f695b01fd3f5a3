import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { CONTAINERS_DIR_VARIABLE } from '../charm/pebble-socket';
import { FakeJuju } from './fake-juju/fake-juju';
import {
  type FakeJujuState,
  type FakeJujuStateInit,
  discardUncommitted,
} from './fake-juju/fake-juju-state';
import { FakePebbleServer } from './fake-pebble/fake-pebble-server';
import { type HarnessEvent, dispatchVariables } from './harness-events';

/** Options of {@link CharmHarness.create}. */
export interface CharmHarnessOptions {
  /**
   * The charm's directory as Juju unpacks it: `<charmDir>/dispatch` runs for every event, with
   * `JUJU_CHARM_DIR` and the working directory set to it.
   */
  readonly charmDir: string;
  /** The Juju state to start from. */
  readonly state?: FakeJujuStateInit;
  /** Workload containers; each gets a fake Pebble at `<containers>/<name>/pebble.socket`. */
  readonly containers?: readonly string[];
  /** How long a service must stay up to count as started (Pebble: 1000 ms). */
  readonly serviceOkayDelayMs?: number;
  /** Kill a dispatch that takes longer; default 30 s. */
  readonly dispatchTimeoutMs?: number;
  /** Extra variables for the charm process. */
  readonly env?: Readonly<Record<string, string>>;
}

/** What one dispatch did. */
export interface DispatchResult {
  /** The charm's exit code (null if it was killed). */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The Juju state afterwards. */
  readonly state: FakeJujuState;
}

/**
 * Runs a charm the way Juju does: its `dispatch`, one process per event with the `JUJU_*`
 * variables, fake hook tools on `PATH`, and a fake Pebble per container. Tests arrange the
 * state, dispatch an event, and assert on the state, the containers and the exit code.
 */
export class CharmHarness {
  private dispatches = 0;

  private constructor(
    private readonly options: CharmHarnessOptions,
    /** The temporary directory holding the charm's home, sockets and sandboxes. */
    readonly dir: string,
    /** The fake Juju (state file and hook tools). */
    readonly juju: FakeJuju,
    private readonly containers: ReadonlyMap<string, FakePebbleServer>,
  ) {}

  /** Creates the fake Juju and starts a fake Pebble per container. */
  static async create(options: CharmHarnessOptions): Promise<CharmHarness> {
    const dir = await mkdtemp(join(tmpdir(), 'hlp-harness-'));
    await mkdir(join(dir, 'home'));
    const juju = await FakeJuju.create(options.state);
    const containers = new Map<string, FakePebbleServer>();
    for (const name of options.containers ?? []) {
      const server = await FakePebbleServer.start({
        socketPath: join(dir, 'containers', name, 'pebble.socket'),
        rootDir: join(dir, 'roots', name),
        ...(options.serviceOkayDelayMs === undefined
          ? {}
          : { serviceOkayDelayMs: options.serviceOkayDelayMs }),
      });
      containers.set(name, server);
    }
    return new CharmHarness(options, dir, juju, containers);
  }

  /** The fake Pebble of a container. */
  pebble(container: string): FakePebbleServer {
    const server = this.containers.get(container);
    if (server === undefined) {
      throw new Error(
        `cannot find container "${container}": the harness has ${[...this.containers.keys()].join(', ') || 'none'}`,
      );
    }
    return server;
  }

  /** The current Juju state. */
  get state(): FakeJujuState {
    return this.juju.state();
  }

  /** Changes the Juju state between dispatches (another unit, the operator, Juju itself). */
  update(change: (state: FakeJujuState) => void): FakeJujuState {
    return this.juju.update(change);
  }

  /** Runs the charm for one event and waits for it to exit. */
  async dispatch(event: HarnessEvent): Promise<DispatchResult> {
    const before = this.juju.update((state) => {
      if (event.kind === 'action') {
        state.action = { name: event.name, params: event.params, results: {}, logs: [] };
      } else {
        delete state.action;
      }
    });
    const { dispatchPath, env } = dispatchVariables(event, before);
    const { charmDir } = this.options;
    const fakeJuju = this.juju.env(`${dirname(process.execPath)}:/usr/bin:/bin`);
    const result = await this.run({
      ...fakeJuju,
      HOME: join(this.dir, 'home'),
      LANG: 'C.UTF-8',
      JUJU_DISPATCH_PATH: dispatchPath,
      JUJU_UNIT_NAME: before.unit,
      JUJU_MODEL_NAME: before.modelName,
      JUJU_MODEL_UUID: before.modelUuid,
      JUJU_CHARM_DIR: charmDir,
      JUJU_VERSION: '3.6.0',
      JUJU_CONTEXT_ID: `${before.unit}-${dispatchPath}-${++this.dispatches}`,
      [CONTAINERS_DIR_VARIABLE]: join(this.dir, 'containers'),
      ...env,
      ...this.options.env,
    });
    const state =
      result.exitCode === 0
        ? this.juju.state()
        : this.juju.update((after) => discardUncommitted(before, after));
    return { ...result, state };
  }

  /** Stops the fake Pebbles (and their services) and deletes every temporary file. */
  async close(): Promise<void> {
    await Promise.all([...this.containers.values()].map((server) => server.stop()));
    await this.juju.remove();
    await rm(this.dir, { recursive: true, force: true });
  }

  private run(env: Record<string, string>): Promise<Omit<DispatchResult, 'state'>> {
    return new Promise((resolve, reject) => {
      const child = spawn(join(this.options.charmDir, 'dispatch'), [], {
        cwd: this.options.charmDir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: this.options.dispatchTimeoutMs ?? 30_000,
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.once('error', reject);
      child.once('close', (exitCode) =>
        resolve({
          exitCode,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        }),
      );
    });
  }
}
