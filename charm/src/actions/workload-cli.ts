import { type Config, OPTIONS, loadConfig } from '@hlp/config';
import {
  ActionFailedError,
  type Charm,
  ExecError,
  type ExecResult,
  type Pebble,
  StatusError,
} from '@hlp/juju';

import { CONTAINER, SERVICE, SERVICE_USER } from '../names';
import { cliErrorMessage } from '../workload/cli-error';
import { probeReadiness } from '../workload/readiness';
import { type WorkloadImage, workloadImage } from '../workload/workload-image';

const CLI_TIMEOUT_MS = 2 * 60 * 1000;

/** The database variable: set only once the charm has configured the service. */
const DATABASE_VARIABLE = OPTIONS.database.env[0];

/** The workload's `lego-provider` command, run in the workload container as the service runs. */
export class WorkloadCli {
  constructor(
    private readonly pebble: Pebble,
    private readonly image: WorkloadImage,
    private readonly environment: Readonly<Record<string, string>>,
    /** The service's configuration, as the CLI reads it from that environment. */
    readonly config: Config,
  ) {}

  /**
   * Runs one command; secrets go on stdin, never on the command line. A non-zero exit fails the
   * action with `failure` and what the CLI said.
   */
  async run(
    args: readonly string[],
    options: { readonly failure: string; readonly stdin?: string },
  ): Promise<ExecResult> {
    try {
      return await this.pebble.exec([...this.image.cli, ...args], {
        environment: this.environment,
        ...(this.image.workingDir === undefined ? {} : { workingDir: this.image.workingDir }),
        user: SERVICE_USER,
        timeoutMs: CLI_TIMEOUT_MS,
        ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
      });
    } catch (error) {
      if (!(error instanceof ExecError)) throw error;
      throw new ActionFailedError(`${options.failure}: ${cliErrorMessage(error)}`);
    }
  }
}

function notReady(reason: string): ActionFailedError {
  return new ActionFailedError(
    `the service is not ready (${reason}): nothing was run; try again once \`juju status\` shows the unit active`,
  );
}

/**
 * The workload's CLI, once the service is configured, running and answering its readiness
 * probe; otherwise the action fails and runs nothing (the Python charm went ahead anyway).
 */
export async function readyWorkloadCli(charm: Charm): Promise<WorkloadCli> {
  const pebble = charm.pebble(CONTAINER);
  if (!(await pebble.canConnect())) throw notReady('the workload container is not reachable');
  const plan = await pebble.getPlan();
  const environment = plan.services?.[SERVICE]?.environment ?? {};
  if (environment[DATABASE_VARIABLE] === undefined) {
    throw notReady('the charm has not configured it yet');
  }
  let image: WorkloadImage;
  try {
    image = workloadImage(plan);
  } catch (error) {
    if (!(error instanceof StatusError)) throw error;
    throw notReady(error.message);
  }
  const [service] = await pebble.getServices([SERVICE]);
  if (service?.current !== 'active') {
    throw notReady(`the service is ${service?.current ?? 'missing'}`);
  }
  const config = loadConfig(environment);
  const readiness = await probeReadiness(config.port);
  if (!readiness.ready) throw notReady(readiness.reason);
  return new WorkloadCli(pebble, image, environment, config);
}
