import { type Change } from '../types';
import { PebbleError } from './pebble-error';

/** A change (starting services, running a command, …) finished with an error. */
export class ChangeError extends PebbleError {
  override readonly name = 'ChangeError';

  constructor(readonly change: Change) {
    super(
      `cannot complete change ${change.id} (${change.summary}): ${change.err ?? change.status}`,
    );
  }
}
