import { OPTIONS, type Option } from '@hlp/config';
import { BlockedStatusError, type Plan } from '@hlp/juju';

import { CHARM_SET_OPTIONS } from '../config/charm-options';
import { CONTAINER_RESOURCE, SERVICE } from '../names';

/**
 * What the rock says about running the workload, read from the Pebble plan that Juju seeds with
 * the image's own layer: the charm runs the same command in the same place, so the two cannot
 * drift apart.
 */
export interface WorkloadImage {
  /** The rock's service command, `node <workload>/dist/main.js serve`, run unchanged. */
  readonly command: string;
  /** The workload's CLI: the service command without its `serve` subcommand. */
  readonly cli: readonly string[];
  readonly workingDir?: string;
  /** The rock's environment without the variables the charm sets. */
  readonly environment: Readonly<Record<string, string>>;
}

/** Variables of workload options the charm sets; the rock's values for them are dropped. */
const CHARM_OWNED_VARIABLES: ReadonlySet<string> = new Set(
  CHARM_SET_OPTIONS.flatMap((key) => (OPTIONS[key] as Option<unknown>).env),
);

function notTheRock(reason: string): BlockedStatusError {
  return new BlockedStatusError(
    `${reason}: attach the httprequest-lego-provider rock as the ${CONTAINER_RESOURCE} resource`,
  );
}

export function workloadImage(plan: Plan): WorkloadImage {
  const service = plan.services?.[SERVICE];
  if (service?.command === undefined) {
    throw notTheRock(`the workload image has no "${SERVICE}" service`);
  }
  const words = service.command.trim().split(/\s+/);
  const serve = words.indexOf('serve');
  if (serve < 1) {
    throw notTheRock(`the "${SERVICE}" service does not run \`serve\``);
  }
  const environment = Object.fromEntries(
    Object.entries(service.environment ?? {}).filter(([name]) => !CHARM_OWNED_VARIABLES.has(name)),
  );
  return {
    command: service.command,
    cli: words.slice(0, serve),
    ...(service['working-dir'] === undefined ? {} : { workingDir: service['working-dir'] }),
    environment,
  };
}
