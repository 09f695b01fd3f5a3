import { PebbleError } from './pebble-error';

/** Something did not finish in time: a request, a change, or a command run with a timeout. */
export class PebbleTimeoutError extends PebbleError {
  override readonly name = 'PebbleTimeoutError';
}
