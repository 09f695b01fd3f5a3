import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type Level, type Logger } from 'pino';

/** The level of a request's own line: errors always; others at info, or not at all above it. */
export type RequestLineLevel = (status: number, failed: boolean) => Level | 'silent';

export function requestLineLevel(level: string): RequestLineLevel {
  // Above info a request's own line is never written: 'silent' spares building it.
  const answered = pino.levels.values[level] > pino.levels.values.info ? 'silent' : 'info';
  return (status, failed) => (failed || status >= 500 ? 'error' : answered);
}

/** What a request's line adds to its bindings once known: who called, the route, the trace. */
export function requestLineProps(
  user: string | undefined,
  route: string | undefined,
  traceId: unknown,
): object | undefined {
  const props = {
    ...(user ? { user } : {}),
    ...(route ? { route } : {}),
    ...(typeof traceId === 'string' ? { trace_id: traceId } : {}),
  };
  // Undefined while empty, so that no child logger is made for nothing.
  return Object.keys(props).length > 0 ? props : undefined;
}

/**
 * A request's own line, as pino-http writes it for the requests Express handles (see
 * logging.module.ts), for one answered without it: through the request log's own logger, whose
 * serializers describe `request` (with its `id`) and `response`.
 */
export function writeRequestLine(
  log: Logger,
  level: Level,
  request: IncomingMessage & { id: string },
  response: ServerResponse,
  props: object | undefined,
  responseTime: number,
): void {
  const line = log.child({ req: request, ...props });
  // The level says it: 'error' for a status of 500 or more (see requestLineLevel).
  if (level === 'error') {
    const err = new Error(`failed with status code ${response.statusCode}`);
    line[level]({ res: response, err, responseTime }, 'request errored');
    return;
  }
  line[level]({ res: response, responseTime }, 'request completed');
}
