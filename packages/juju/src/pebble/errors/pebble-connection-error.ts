import { PebbleError } from './pebble-error';

/**
 * Pebble's socket is missing or refuses connections: the container is not up (yet), or
 * restarted. Charms usually treat it as "waiting", not as a failure.
 */
export class PebbleConnectionError extends PebbleError {
  override readonly name = 'PebbleConnectionError';

  constructor(
    readonly socketPath: string,
    reason: string,
  ) {
    super(`cannot connect to Pebble at ${socketPath}: ${reason}`);
  }
}
