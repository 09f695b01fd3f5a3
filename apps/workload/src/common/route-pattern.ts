import type { IncomingMessage } from 'node:http';

// Nest runs middleware (the request log's among them) on this catch-all route: it names the
// request until a route answers, and stays on it when none does.
const MIDDLEWARE_ROUTE = '{/*splat}';

/**
 * The pattern of the route that answered (`/api/v1/users/:id`), never the raw path: what logs,
 * metrics and spans name a request by. Undefined before routing, or when no route matched.
 */
export function routePattern(request: IncomingMessage): string | undefined {
  const path = (request as IncomingMessage & { route?: { path?: unknown } }).route?.path;
  return typeof path === 'string' && path !== MIDDLEWARE_ROUTE ? path : undefined;
}
