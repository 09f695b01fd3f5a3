import { randomBytes } from 'node:crypto';
import { type Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * Every address of 127.0.0.0/8 routes to loopback: a socket bound to 127.0.0.`n` reaches the
 * service as a client of its own. Only this range is ever used.
 */
export function loopbackAddress(n: number): string {
  if (!Number.isInteger(n) || n < 2 || n > 254) throw new Error(`127.0.0.${n} is not usable`);
  return `127.0.0.${n}`;
}

/** `count` consecutive client addresses from 127.0.0.`first`. */
export const loopbackAddresses = (first: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => loopbackAddress(first + i));

export const basicAuthorization = (username: string, password: string): string =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

export const randomSecret = (): string => randomBytes(12).toString('base64url');

/** What one request came to: an HTTP status, or why there was none. */
export type Outcome = number | 'timeout' | 'error';

export interface Exchange {
  readonly outcome: Outcome;
  /** `performance.now()` when the request was started and when it was answered or given up. */
  readonly sentAt: number;
  readonly endedAt: number;
}

export interface PostOptions {
  readonly port: number;
  readonly path: string;
  readonly authorization: string;
  readonly body: unknown;
  /** The client address the request comes from (one of 127.0.0.0/8). */
  readonly from: string;
  readonly timeoutMs: number;
  /** Sent as `X-Request-Id`, which the service's log line of the request carries. */
  readonly requestId?: string;
  /** A keep-alive agent; without one each request opens (and closes) a connection of its own. */
  readonly agent?: Agent;
  /** Aborts the request (it then ends as 'error'). */
  readonly signal?: AbortSignal;
}

/** A JSON POST to the service on 127.0.0.1 from a chosen loopback address; never rejects. */
export function post(options: PostOptions): Promise<Exchange> {
  const sentAt = performance.now();
  const payload = JSON.stringify(options.body);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ outcome, sentAt, endedAt: performance.now() });
    };
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port,
        method: 'POST',
        path: options.path,
        localAddress: options.from,
        agent: options.agent ?? false,
        signal: options.signal,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
          Authorization: options.authorization,
          ...(options.requestId ? { 'X-Request-Id': options.requestId } : {}),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => settle(response.statusCode ?? 'error'));
        response.on('error', () => settle('error'));
      },
    );
    const timer = setTimeout(() => {
      settle('timeout');
      req.destroy();
    }, options.timeoutMs);
    req.on('error', () => settle('error'));
    req.end(payload);
  });
}

/** The challenge body of `/present` and `/cleanup`. */
export const challenge = (fqdn: string, value: string) => ({ fqdn, value });
