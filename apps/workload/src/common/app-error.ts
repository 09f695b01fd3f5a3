/** What went wrong, in terms a client can act on; mapped to HTTP in one place (http/error.filter.ts). */
export type ErrorCode =
  | 'invalid_input'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'zone_not_found'
  | 'zone_file_invalid'
  | 'conflict'
  | 'request_timeout'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'headers_too_large'
  | 'method_not_allowed'
  | 'disallowed_host'
  | 'too_many_requests'
  | 'not_implemented'
  | 'repository_unavailable'
  | 'not_ready'
  | 'internal';

export interface AppErrorDetails {
  /** Per-field messages for invalid input. */
  readonly fields?: Readonly<Record<string, string>>;
  /** For unavailable dependencies: when a retry makes sense. */
  readonly retryAfterSeconds?: number;
  /** For a method that is not allowed: the methods that are. */
  readonly allow?: string;
  readonly cause?: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: AppErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }
}
