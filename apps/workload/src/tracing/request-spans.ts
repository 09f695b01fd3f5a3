import { type Span, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { routePattern } from '../common/route-pattern';

/** Where the request's trace id is kept for the request log line. */
export const TRACE_ID_LOCAL = 'traceId';

/**
 * Runs `handle` under a new server span for a request, active while the request is handled; the
 * span's trace id is given when the span is recorded (for the request's log line).
 */
export function inRequestSpan<T>(
  tracer: Tracer,
  method: string,
  handle: (span: Span, traceId: string | undefined) => T,
): T {
  return tracer.startActiveSpan(method, { kind: SpanKind.SERVER }, (span) =>
    handle(span, span.isRecording() ? span.spanContext().traceId : undefined),
  );
}

/** Names the span after its route and ends it with the request's answer. */
export function endRequestSpan(
  span: Span,
  method: string,
  route: string | undefined,
  status: number,
): void {
  if (route) span.updateName(`${method} ${route}`);
  span.setAttributes({
    'http.request.method': method,
    'http.route': route ?? 'unmatched',
    'http.response.status_code': status,
  });
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** A server span around every request Express handles. */
export function requestSpans(tracer: Tracer) {
  return (request: Request, response: Response, next: NextFunction): void => {
    inRequestSpan(tracer, request.method, (span, traceId) => {
      if (traceId) response.locals[TRACE_ID_LOCAL] = traceId;
      response.once('finish', () =>
        endRequestSpan(span, request.method, routePattern(request), response.statusCode),
      );
      next();
    });
  };
}
