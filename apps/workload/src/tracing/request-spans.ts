import { SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { routePattern } from '../common/route-pattern';

/** Where the request's trace id is kept for the request log line. */
export const TRACE_ID_LOCAL = 'traceId';

/** A server span around every request, active while the request is handled. */
export function requestSpans(tracer: Tracer) {
  return (request: Request, response: Response, next: NextFunction): void => {
    tracer.startActiveSpan(`${request.method}`, { kind: SpanKind.SERVER }, (span) => {
      if (span.isRecording()) response.locals[TRACE_ID_LOCAL] = span.spanContext().traceId;
      response.once('finish', () => {
        const route = routePattern(request);
        if (route) span.updateName(`${request.method} ${route}`);
        span.setAttributes({
          'http.request.method': request.method,
          'http.route': route ?? 'unmatched',
          'http.response.status_code': response.statusCode,
        });
        if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      });
      next();
    });
  };
}
