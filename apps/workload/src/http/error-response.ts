import type { ServerResponse } from 'node:http';
import { HttpException, HttpStatus } from '@nestjs/common';
import { AppError, type ErrorCode } from '../common/app-error';
import { MAX_BODY_BYTES } from './request-framing';

export interface ErrorBody {
  readonly error: ErrorCode;
  readonly message: string;
  readonly fields?: Readonly<Record<string, string>>;
}

export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Record<string, string>;
}

export const BASIC_CHALLENGE = 'Basic realm="httprequest-lego-provider", charset="UTF-8"';

function assertUnreachable(value: never): never {
  throw new Error(`unhandled error code ${String(value)}`);
}

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'invalid_input':
      return HttpStatus.BAD_REQUEST;
    case 'unauthorized':
      return HttpStatus.UNAUTHORIZED;
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    case 'not_found':
    case 'zone_not_found':
      return HttpStatus.NOT_FOUND;
    case 'method_not_allowed':
      return HttpStatus.METHOD_NOT_ALLOWED;
    case 'conflict':
      return HttpStatus.CONFLICT;
    case 'request_timeout':
      return HttpStatus.REQUEST_TIMEOUT;
    case 'payload_too_large':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'unsupported_media_type':
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case 'headers_too_large':
      return 431; // Request Header Fields Too Large: not in Nest's HttpStatus
    case 'disallowed_host':
      return HttpStatus.BAD_REQUEST;
    case 'too_many_requests':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'not_implemented':
      return HttpStatus.NOT_IMPLEMENTED;
    case 'zone_file_invalid':
      return HttpStatus.BAD_GATEWAY;
    case 'repository_unavailable':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'not_ready':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'internal':
      return HttpStatus.INTERNAL_SERVER_ERROR;
    default:
      return assertUnreachable(code);
  }
}

const CODE_OF_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'invalid_input',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  503: 'not_ready',
};

/** Errors raised by Express's body parsers carry a status and a `type`. */
interface BodyParserError {
  readonly status: number;
  readonly type: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number'
  );
}

const BODY_NOT_JSON = 'the request body is not valid JSON';
const BODY_UNREADABLE = 'the request body could not be read';

/** What a body read without Express's parsers answers when it is not JSON, or was cut off. */
export function bodyError(problem: 'not_json' | 'unreadable'): AppError {
  return new AppError('invalid_input', problem === 'not_json' ? BODY_NOT_JSON : BODY_UNREADABLE);
}

function bodyParserMessage(error: BodyParserError): string {
  switch (error.type) {
    case 'entity.too.large':
      return `the request body is too large: at most ${MAX_BODY_BYTES} bytes are accepted`;
    case 'entity.parse.failed':
      return BODY_NOT_JSON;
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return 'the request body uses an unsupported encoding or character set';
    default:
      return BODY_UNREADABLE;
  }
}

/**
 * The one mapping from anything thrown to the JSON error a client sees. Unknown errors become a
 * 500 that says nothing of internals; the caller logs them.
 */
export function toErrorResponse(error: unknown, requestId: string): ErrorResponse {
  const headers: Record<string, string> = {};
  if (error instanceof AppError) {
    const status = statusOf(error.code);
    if (error.code === 'unauthorized') headers['WWW-Authenticate'] = BASIC_CHALLENGE;
    if (error.details.allow !== undefined) headers.Allow = error.details.allow;
    if (error.details.retryAfterSeconds !== undefined) {
      headers['Retry-After'] = String(error.details.retryAfterSeconds);
    }
    const body: ErrorBody = error.details.fields
      ? { error: error.code, message: error.message, fields: error.details.fields }
      : { error: error.code, message: error.message };
    return { status, body, headers };
  }
  // Express's body parsers throw their own errors; Nest wraps them, keeping them as the cause.
  const parserError = error instanceof HttpException ? error.cause : error;
  if (isBodyParserError(parserError) && parserError.status >= 400 && parserError.status < 500) {
    const code = CODE_OF_STATUS[parserError.status] ?? 'invalid_input';
    return {
      status: parserError.status,
      body: { error: code, message: bodyParserMessage(parserError) },
      headers,
    };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    return {
      status,
      body: { error: CODE_OF_STATUS[status] ?? 'invalid_input', message: error.message },
      headers,
    };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: {
      error: 'internal',
      message: `internal error; the logs have the details (request id ${requestId})`,
    },
    headers,
  };
}

/** Writes an error answer to a request Express does not handle (the front door's, the lane's). */
export function writeErrorResponse(
  response: ServerResponse,
  { status, body, headers }: ErrorResponse,
  extraHeaders: Readonly<Record<string, string>> = {},
): void {
  const json = JSON.stringify(body);
  response
    .writeHead(status, {
      ...headers,
      ...extraHeaders,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(json),
    })
    .end(json);
}
