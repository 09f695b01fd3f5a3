import { type Layer, type ServiceSpec } from '../../pebble/layer';
import { type CheckInfo, type ServiceInfo } from '../../pebble/types';
import {
  type FakeJujuState,
  type FakeJujuStateInit,
  fakeJujuState,
} from '../fake-juju/fake-juju-state';

/** A file in a container: its text and what Pebble recorded of its mode and owner. */
export interface ContainerFile {
  content: string;
  permissions: number;
  user?: string;
  group?: string;
}

/** A directory in a container (directories above a file exist without an entry). */
export interface ContainerDir {
  permissions: number;
  user?: string;
  group?: string;
}

/** A service as Pebble's service manager holds it. */
export interface ServiceState {
  current: ServiceInfo['current'];
  /** The config it was last started with: a replan restarts it when the plan's differs. */
  startedWith?: ServiceSpec;
  /** How many times it was started. */
  starts: number;
  /** Starting it fails, as for a command that exits at once (Pebble: within 1 s). */
  failsToStart?: boolean;
}

/** A check's result, as `GET /v1/checks` reports it (checks in the plan without one are `up`). */
export interface CheckResult {
  status: CheckInfo['status'];
  failures: number;
}

/** What a command run with `exec` does: exit 0 unless `exitCode` says otherwise. */
export interface ExecOutcome {
  readonly exitCode?: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

/** One `exec` the charm ran, as Pebble received it. */
export interface ExecCall {
  command: string[];
  environment: Record<string, string>;
  workingDir?: string;
  user?: string;
  stdin?: string;
}

/** Answers the commands whose argv starts with `command`; `outcome` may compute the answer. */
export interface ExecStub {
  readonly command: readonly string[];
  readonly outcome: ExecOutcome | ((call: ExecCall) => ExecOutcome);
}

/** One workload container and its Pebble. */
export interface ContainerState {
  /** Whether Pebble answers (the container is up). */
  canConnect: boolean;
  /** The layers, in order, as Pebble stores them after combining. */
  layers: { label: string; layer: Layer }[];
  services: Record<string, ServiceState>;
  checks: Record<string, CheckResult>;
  /** Regular files by absolute path. */
  files: Record<string, ContainerFile>;
  /** Directories made explicitly, by absolute path. */
  dirs: Record<string, ContainerDir>;
  /** What each command does: the longest matching prefix wins (the first of equals); an unmatched command is not found. */
  execs: ExecStub[];
  /** Every `exec`, in order. */
  execLog: ExecCall[];
}

/** The Juju state of one unit and its containers: what {@link Context.run} takes and returns. */
export interface State extends FakeJujuState {
  containers: Record<string, ContainerState>;
}

/** A container to arrange; everything not given gets an empty default. */
export type ContainerInit = Partial<ContainerState>;

/** The state to arrange. */
export type StateInit = FakeJujuStateInit & { containers?: Record<string, ContainerInit> };

/** A container with every field the init leaves out filled in. */
export function containerState(init: ContainerInit = {}): ContainerState {
  return {
    canConnect: true,
    layers: [],
    services: {},
    checks: {},
    files: {},
    dirs: {},
    execs: [],
    execLog: [],
    ...init,
  };
}

/** A state with every field the init leaves out filled in. */
export function state(init: StateInit = {}): State {
  const { containers = {}, ...juju } = init;
  return {
    ...fakeJujuState(juju),
    containers: Object.fromEntries(
      Object.entries(containers).map(([name, container]) => [name, containerState(container)]),
    ),
  };
}

/** A deep copy that keeps the exec stubs' functions (they are shared, not copied). */
export function copyState(original: State): State {
  const { containers, ...juju } = original;
  return {
    ...(JSON.parse(JSON.stringify(juju)) as FakeJujuState),
    containers: Object.fromEntries(
      Object.entries(containers).map(([name, { execs, ...container }]) => [
        name,
        {
          ...(JSON.parse(JSON.stringify(container)) as Omit<ContainerState, 'execs'>),
          execs: [...execs],
        },
      ]),
    ),
  };
}
