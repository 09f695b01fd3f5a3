import { STATUS_CODES, type ServerResponse } from 'node:http';

/** An error answer of the fake API: `{"type":"error","status-code":…,"result":{"message","kind"}}`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly statusCode: number,
    message: string,
    readonly kind?: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, statusCode: number, body: Record<string, unknown>): void {
  const text = JSON.stringify({
    ...body,
    'status-code': statusCode,
    status: STATUS_CODES[statusCode] ?? '',
  });
  res.writeHead(statusCode, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Answers synchronously with `result` (status 200 unless given, as health's 502). */
export function sendSync(res: ServerResponse, result: unknown, statusCode = 200): void {
  send(res, statusCode, { type: 'sync', result: result ?? null });
}

/** Answers 202 with the id of the change doing the work. */
export function sendAsync(res: ServerResponse, changeId: string, result: unknown = null): void {
  send(res, 202, { type: 'async', change: changeId, result });
}

/** Answers with an error envelope. */
export function sendError(res: ServerResponse, error: ApiError): void {
  send(res, error.statusCode, {
    type: 'error',
    result: { message: error.message, ...(error.kind ? { kind: error.kind } : {}) },
  });
}
