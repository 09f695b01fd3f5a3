import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from './metrics';
import { routePattern } from '../common/route-pattern';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const CHALLENGE_ROUTES: Record<string, string> = { '/present': 'present', '/cleanup': 'cleanup' };

/** The error code the error filter answered with, for the metrics (see http/error.filter.ts). */
export const ERROR_CODE_LOCAL = 'errorCode';

/**
 * Counts every answer by route (the route pattern, never the raw path), method and status, and
 * the httpreq calls by result.
 */
export function httpMetrics(metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const stop = metrics.httpDuration.startTimer();
    response.once('finish', () => {
      const route = routePattern(request) ?? 'unmatched';
      const method = METHODS.has(request.method) ? request.method : 'OTHER';
      stop({ route, method });
      metrics.httpRequests.inc({ route, method, status: String(response.statusCode) });
      const operation = CHALLENGE_ROUTES[route];
      if (operation && method === 'POST') {
        const code = response.locals[ERROR_CODE_LOCAL] as string | undefined;
        metrics.challenges.inc({
          operation,
          result: response.statusCode < 400 ? 'ok' : (code ?? String(response.statusCode)),
        });
      }
    });
    next();
  };
}
