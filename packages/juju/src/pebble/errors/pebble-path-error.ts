import { PebbleError } from './pebble-error';

/** A file operation failed for one path (Pebble reports these per path inside a 200 response). */
export class PebblePathError extends PebbleError {
  override readonly name = 'PebblePathError';

  /**
   * @param operation what was attempted, such as `push` or `make directory`
   * @param path the path inside the container
   * @param kind `not-found`, `permission-denied` or `generic-file-error`
   */
  constructor(
    readonly operation: string,
    readonly path: string,
    readonly kind: string,
    message: string,
  ) {
    super(`cannot ${operation} ${path}: ${kind}: ${message}`);
  }
}
