import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';

/** Where an authentication attempt comes from, for the limits. */
export interface AttemptContext {
  /** The client's address (from X-Forwarded-For only when the proxy is trusted). */
  readonly address: string;
  /** Aborted when the client goes away before being answered: its queued hash is dropped. */
  readonly signal?: AbortSignal;
  /** The request, whose place in the hashing queue the front door may already hold. */
  readonly request?: object;
}

export function clientAddress(request: Request): string {
  // With trusted proxies configured, Express takes the client from X-Forwarded-For.
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}

/** The attempt of a request from `address`, which `response` answers. */
export function attemptOf(
  request: IncomingMessage,
  response: ServerResponse | undefined,
  address: string,
): AttemptContext {
  const gone = new AbortController();
  response?.once('close', () => {
    if (!response.writableFinished) gone.abort();
  });
  return { address, signal: gone.signal, request };
}

/** The attempt of a request Express handles. */
export function attemptContext(request: Request): AttemptContext {
  return attemptOf(request, request.res, clientAddress(request));
}
