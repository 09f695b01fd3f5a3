import type { IncomingMessage } from 'node:http';

/**
 * The pattern of the route that answered (`/api/v1/users/:id`), never the raw path: what logs,
 * metrics and spans name a request by. Undefined before routing, or when no route matched.
 */
export function routePattern(request: IncomingMessage): string | undefined {
  return (request as IncomingMessage & { route?: { path?: unknown } }).route?.path as
    string | undefined;
}
