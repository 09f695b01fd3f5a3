/**
 * The base of every error the Pebble client throws, so callers can catch "anything Pebble"
 * in one place. Programming errors (bad arguments) are not PebbleErrors.
 */
export class PebbleError extends Error {
  override readonly name: string = 'PebbleError';
}
