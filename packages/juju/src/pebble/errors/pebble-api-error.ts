import { PebbleError } from './pebble-error';

/** Pebble answered a request with an error response. */
export class PebbleApiError extends PebbleError {
  override readonly name = 'PebbleApiError';

  /**
   * @param statusCode the HTTP status, such as 400 or 404
   * @param kind Pebble's error kind (`not-found`, `permission-denied`, `generic-file-error`, …); often empty
   * @param message Pebble's message
   * @param request the request, as `GET /v1/plan`
   */
  constructor(
    readonly statusCode: number,
    readonly kind: string,
    message: string,
    readonly request: string,
  ) {
    super(`cannot ${request}: ${statusCode}${kind ? ` ${kind}` : ''}: ${message}`);
  }
}
