import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import type { AppConfig } from '../config/app-config';
import { TRACE_ID_LOCAL } from '../tracing/request-spans';
import { routePattern } from '../common/route-pattern';
import { loggedUrl, REDACTED } from './logged-url';
import { requestId } from './request-id';
import { requestLineLevel, requestLineProps } from './request-line';

/** Where logs go: the server writes to stdout; CLI commands keep stdout for their output. */
export type LogDestination = 'stdout' | 'stderr';

/** Structured JSON logs (pino), one line per request; credentials are never written. */
export function loggingModule(config: AppConfig, destination: LogDestination): DynamicModule {
  const level = destination === 'stderr' && config.logLevel === 'info' ? 'warn' : config.logLevel;
  const lineLevel = requestLineLevel(level);
  return LoggerModule.forRoot({
    // What a handler assigns (the record it changed) lands on the request's own log line.
    assignResponse: true,
    pinoHttp: [
      {
        level,
        base: { service: 'httprequest-lego-provider' },
        timestamp: pino.stdTimeFunctions.isoTime,
        genReqId: requestId,
        // Called again when the response is logged: by then the user, route and trace are known.
        // Its types say an object; it takes undefined, and then makes no child logger.
        customProps: (request, response) =>
          requestLineProps(
            (request as IncomingMessage & { user?: { username: string } }).user?.username,
            routePattern(request),
            (response as ServerResponse & { locals?: Record<string, unknown> }).locals?.[
              TRACE_ID_LOCAL
            ],
          ) as object,
        serializers: {
          req: (request: { id: string; method: string; url: string; remoteAddress?: string }) => ({
            id: request.id,
            method: request.method,
            url: loggedUrl(request.url),
            remoteAddress: request.remoteAddress,
          }),
          res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
        },
        // `req` is written as the serializer above makes it, never with its headers: paths under it
        // would only add to the redaction that every request's logger pays for.
        redact: {
          paths: ['password', '*.password'],
          censor: REDACTED,
        },
        autoLogging: { ignore: (request) => request.url?.startsWith('/health/') ?? false },
        customLogLevel: (_request, response, error) =>
          lineLevel(response.statusCode, error !== undefined),
      },
      pino.destination({ fd: destination === 'stdout' ? 1 : 2, sync: destination === 'stderr' }),
    ],
  });
}
