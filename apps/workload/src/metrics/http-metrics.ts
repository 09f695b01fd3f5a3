import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from './metrics';
import { routePattern } from '../common/route-pattern';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const CHALLENGE_ROUTES: Record<string, string> = { '/present': 'present', '/cleanup': 'cleanup' };

/** The error code the error filter answered with, for the metrics (see http/error.filter.ts). */
export const ERROR_CODE_LOCAL = 'errorCode';

/** An answered request, as the metrics count it. */
export interface Answered {
  /** The route pattern, never the raw path; undefined when no route matched. */
  readonly route: string | undefined;
  readonly method: string;
  readonly status: number;
  /** The error code of an error answer. */
  readonly errorCode: string | undefined;
}

/**
 * Starts timing a request; the function returned counts its answer by route, method and status,
 * and the httpreq calls by result.
 */
export function timeRequest(metrics: Metrics): (answered: Answered) => void {
  const stop = metrics.httpDuration.startTimer();
  return ({ route = 'unmatched', method: given, status, errorCode }) => {
    const method = METHODS.has(given) ? given : 'OTHER';
    stop({ route, method });
    metrics.httpRequests.inc({ route, method, status: String(status) });
    const operation = CHALLENGE_ROUTES[route];
    if (operation && method === 'POST') {
      metrics.challenges.inc({
        operation,
        result: status < 400 ? 'ok' : (errorCode ?? String(status)),
      });
    }
  };
}

/** Counts every answer Express gives (see {@link timeRequest}). */
export function httpMetrics(metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const answered = timeRequest(metrics);
    response.once('finish', () =>
      answered({
        route: routePattern(request),
        method: request.method,
        status: response.statusCode,
        errorCode: response.locals[ERROR_CODE_LOCAL] as string | undefined,
      }),
    );
    next();
  };
}
