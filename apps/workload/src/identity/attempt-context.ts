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

export function attemptContext(request: Request): AttemptContext {
  const gone = new AbortController();
  const response = request.res;
  response?.once('close', () => {
    if (!response.writableFinished) gone.abort();
  });
  return { address: clientAddress(request), signal: gone.signal, request };
}
