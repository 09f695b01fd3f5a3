import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Tracer } from '@opentelemetry/api';
import type { PinoLogger } from 'nestjs-pino';
import type { User } from '../accounts/user.entity';
import { readChallenge } from '../challenges/challenge.schema';
import type { ChallengesService } from '../challenges/challenges.service';
import { attemptOf } from '../identity/attempt-context';
import type { AuthenticationService } from '../identity/authentication.service';
import { requestId } from '../logging/request-id';
import { requestLineLevel, requestLineProps, writeRequestLine } from '../logging/request-line';
import { timeRequest } from '../metrics/http-metrics';
import type { Metrics } from '../metrics/metrics';
import { endRequestSpan, inRequestSpan } from '../tracing/request-spans';
import { isAllowedHost } from './allowed-hosts';
import { bodyError, toErrorResponse, writeErrorResponse } from './error-response';

/** What the lane answers with: the same services, limits and telemetry as the Express path. */
export interface HttpreqLaneParts {
  readonly authentication: AuthenticationService;
  readonly challenges: ChallengesService;
  /** The request log (nestjs-pino's), in whose context the services assign their fields. */
  readonly log: PinoLogger;
  readonly tracer: Tracer;
  readonly metrics: Metrics;
  readonly clientAddress: (request: IncomingMessage) => string;
  readonly allowedHosts: readonly string[];
}

/** Answers the request and returns true, or returns false to leave it to Express. */
export type Lane = (request: IncomingMessage, response: ServerResponse) => boolean;

const OPERATIONS = { '/present': 'present', '/cleanup': 'cleanup' } as const;
const JSON_TYPE = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * lego's two calls as lego makes them, POST `/present` or `/cleanup` with a JSON body of a
 * declared length, answered without Express and Nest, which cost about a third of such a request
 * (docs/benchmarks.md, "The request path, timed inside the service"). It runs the same steps in
 * the same order as the Express path (the body, then the caller, then the challenge) through the
 * same services, and answers the same statuses and bodies with the same log line, metrics and
 * span. Anything else (forms, chunked or compressed bodies, a host not served, another method or
 * a query string) is left to Express, which answers it as it always has.
 */
export function httpreqLane(parts: HttpreqLaneParts): Lane {
  const lineLevel = requestLineLevel(parts.log.logger.level);
  return (request, response) => {
    const operation = request.method === 'POST' ? operationOf(request.url) : undefined;
    if (!operation || !takesItsBody(request.headers)) return false;
    if (!isAllowedHost(request.headers.host, parts.allowedHosts)) return false;
    const route = `/${operation}`;
    const id = requestId(request, response);
    const answered = timeRequest(parts.metrics);
    const started = Date.now();
    inRequestSpan(parts.tracer, 'POST', (span, traceId) =>
      parts.log.runInContext(async () => {
        let caller: User | undefined;
        let errorCode: string | undefined;
        // Once answered: with the fields the services assigned in this context.
        let log = parts.log.logger;
        let lineWritten = false;
        const writeLine = () => {
          if (lineWritten) return;
          lineWritten = true;
          const level = lineLevel(response.statusCode, false);
          if (level === 'silent') return;
          writeRequestLine(
            log,
            level,
            Object.assign(request, { id }),
            response,
            requestLineProps(caller?.username, route, traceId),
            Date.now() - started,
          );
        };
        response.once('close', writeLine);
        response.once('finish', () => {
          writeLine();
          answered({ route, method: 'POST', status: response.statusCode, errorCode });
          endRequestSpan(span, 'POST', route, response.statusCode);
        });
        try {
          const body = parseBody(await readBody(request));
          caller = await parts.authentication.callerOf(
            request.headers.authorization,
            attemptOf(request, response, parts.clientAddress(request)),
          );
          await parts.challenges.change(operation, caller, readChallenge(body, false));
          log = parts.log.logger;
          response.writeHead(204).end();
        } catch (error) {
          log = parts.log.logger;
          const answer = toErrorResponse(error, id);
          if (answer.status >= 500) log.error({ err: error, requestId: id }, 'request failed');
          errorCode = answer.body.error;
          writeErrorResponse(response, answer);
        }
      }),
    ).catch((error: unknown) => {
      // Only answering itself can fail here; the connection is of no further use.
      parts.log.logger.error({ err: error, requestId: id }, 'request failed');
      response.destroy();
    });
    return true;
  };
}

function operationOf(url: string | undefined): 'present' | 'cleanup' | undefined {
  return url === '/present' || url === '/cleanup' ? OPERATIONS[url] : undefined;
}

/** A JSON body in UTF-8 of a declared length, as is: what lego sends. */
function takesItsBody(headers: IncomingHttpHeaders): boolean {
  return (
    headers['content-length'] !== undefined &&
    headers['transfer-encoding'] === undefined &&
    headers['content-encoding'] === undefined &&
    JSON_TYPE.test(headers['content-type'] ?? '')
  );
}

/** The body as text; the front door has refused a declared length over the limit. */
function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let ended = false;
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    // Cut off: an error, or a close before the end (every request closes, after its end too).
    const cutOff = () => {
      if (!ended) reject(bodyError('unreadable'));
    };
    request.once('error', cutOff);
    request.once('close', cutOff);
  });
}

/** As Express's JSON parser reads it here: a byte order mark skipped, and no body as `{}`. */
function parseBody(text: string): unknown {
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (json.length === 0) return {};
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw bodyError('not_json');
  }
}
