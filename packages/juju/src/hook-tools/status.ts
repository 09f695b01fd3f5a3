import { type JsonObject } from '../json';
import { type CommandRunner } from './command-runner';
import { runHookTool, runHookToolJson } from './run-hook-tool';

/** A status a charm may set. */
export type SettableStatus = 'active' | 'blocked' | 'maintenance' | 'waiting';

/** A workload status as `status-get` reports it. */
export interface WorkloadStatus {
  /** `active`, `blocked`, `maintenance`, `waiting`, `error` or `unknown`. */
  readonly status: string;
  readonly message: string;
  readonly data: JsonObject;
}

/** The application status and the status of each of its units. */
export interface ApplicationStatus extends WorkloadStatus {
  readonly units: Readonly<Record<string, WorkloadStatus>>;
}

/** Options of {@link statusSet}. */
export interface StatusSetOptions {
  /** Set the application's status instead of the unit's (leader only). */
  readonly application?: boolean;
}

/** Sets this unit's (or the application's) status: `status-set --application=false active -- <message>`. */
export async function statusSet(
  runner: CommandRunner,
  status: SettableStatus,
  message = '',
  options: StatusSetOptions = {},
): Promise<void> {
  const application = options.application === true;
  await runHookTool(runner, 'status-set', [`--application=${application}`, status, '--', message]);
}

interface RawStatus {
  status?: string;
  message?: string;
  'status-data'?: JsonObject;
  units?: Record<string, RawStatus>;
}

function toWorkloadStatus(raw: RawStatus): WorkloadStatus {
  return { status: raw.status ?? '', message: raw.message ?? '', data: raw['status-data'] ?? {} };
}

/** This unit's status: `status-get --include-data --format=json --application=false`. */
export function statusGet(runner: CommandRunner): Promise<WorkloadStatus>;
/** The application's status (leader only): `status-get --include-data --format=json --application=true`. */
export function statusGet(
  runner: CommandRunner,
  options: { readonly application: true },
): Promise<ApplicationStatus>;
export async function statusGet(
  runner: CommandRunner,
  options: { readonly application?: boolean } = {},
): Promise<WorkloadStatus | ApplicationStatus> {
  const application = options.application === true;
  const args = ['--include-data', '--format=json', `--application=${application}`];
  const raw = ((await runHookToolJson(runner, 'status-get', args)) ?? {}) as RawStatus & {
    'application-status'?: RawStatus;
  };
  if (!application) {
    return toWorkloadStatus(raw);
  }
  const app = raw['application-status'] ?? {};
  // Juju nests the units inside application-status; older clients expected them beside it.
  const units = app.units ?? raw.units ?? {};
  return {
    ...toWorkloadStatus(app),
    units: Object.fromEntries(
      Object.entries(units).map(([name, unit]) => [name, toWorkloadStatus(unit)]),
    ),
  };
}
