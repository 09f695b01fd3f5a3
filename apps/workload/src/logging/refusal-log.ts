import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { loggedUrl } from './logged-url';

/**
 * The line of a request refused before the application's request log saw it, in the shape of a
 * request line: request id, method, URL without query values (what is known of them), client,
 * status and error code.
 */
export function logRefusal(
  log: Logger,
  message: string,
  request: Pick<IncomingMessage, 'socket'> & Partial<Pick<IncomingMessage, 'method' | 'url'>>,
  answer: { readonly id?: string; readonly status: number; readonly error: string },
): void {
  // Described here already: the request log's serializers expect Node's own objects.
  log.child({}, { serializers: { req: describedAlready, res: describedAlready } }).info(
    {
      req: {
        ...(answer.id === undefined ? {} : { id: answer.id }),
        ...(request.method === undefined ? {} : { method: request.method }),
        ...(request.url === undefined ? {} : { url: loggedUrl(request.url) }),
        remoteAddress: request.socket.remoteAddress,
      },
      res: { statusCode: answer.status },
      error: answer.error,
    },
    message,
  );
}

const describedAlready = (value: unknown): unknown => value;
