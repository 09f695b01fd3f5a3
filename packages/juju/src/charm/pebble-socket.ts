import { join } from 'node:path';

import { type Environment } from '../context/environment';

/**
 * The variable that moves the containers directory away from `/charm/containers`. Juju never
 * sets it; the test harness does, to point a charm at its fake Pebble sockets.
 */
export const CONTAINERS_DIR_VARIABLE = 'HLP_CHARM_CONTAINERS_DIR';

/** Where Juju mounts each workload container's Pebble socket in the charm container. */
export const DEFAULT_CONTAINERS_DIR = '/charm/containers';

/** The Pebble socket of a workload container: `/charm/containers/<container>/pebble.socket`. */
export function pebbleSocketPath(container: string, env: Environment): string {
  return join(env[CONTAINERS_DIR_VARIABLE] || DEFAULT_CONTAINERS_DIR, container, 'pebble.socket');
}
