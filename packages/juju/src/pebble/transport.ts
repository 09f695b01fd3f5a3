import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';

import { isJsonObject } from '../json';
import { PebbleApiError } from './errors/pebble-api-error';
import { PebbleConnectionError } from './errors/pebble-connection-error';
import { PebbleTimeoutError } from './errors/pebble-timeout-error';

/** Query parameters; arrays repeat the key (`names=a&names=b`). */
export type Query = Readonly<Record<string, string | readonly string[] | undefined>>;

/** One HTTP request to Pebble. */
export interface PebbleRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Query;
  /** A JSON body. */
  readonly json?: unknown;
  /** A raw body, such as multipart. */
  readonly body?: { readonly contentType: string; readonly data: Buffer };
  readonly accept?: string;
  /** Overrides the transport's request timeout (for long polls such as change waits). */
  readonly timeoutMs?: number;
}

/** A raw HTTP response. */
export interface PebbleResponse {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Pebble's JSON envelope around every answer. */
export interface Envelope {
  readonly type: 'sync' | 'async' | 'error';
  readonly statusCode: number;
  readonly result: unknown;
  /** The change id of an async answer. */
  readonly change?: string;
}

function describe(request: PebbleRequest): string {
  return `${request.method} ${request.path}`;
}

function encodeQuery(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of typeof value === 'string' ? [value] : (value ?? [])) {
      params.append(key, item);
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Speaks HTTP/1.1 to Pebble over its unix socket and unwraps its JSON envelopes. */
export class PebbleTransport {
  /**
   * @param socketPath Pebble's unix socket (for a charm: `/charm/containers/<name>/pebble.socket`)
   * @param timeoutMs how long one request may take before {@link PebbleTimeoutError}
   */
  constructor(
    readonly socketPath: string,
    private readonly timeoutMs: number,
  ) {}

  /** Sends a request and returns the raw response, whatever its status. */
  send(request: PebbleRequest): Promise<PebbleResponse> {
    const body =
      request.json === undefined
        ? request.body
        : { contentType: 'application/json', data: Buffer.from(JSON.stringify(request.json)) };
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          socketPath: this.socketPath,
          method: request.method,
          path: `${request.path}${encodeQuery(request.query)}`,
          headers: {
            Host: 'localhost',
            Accept: request.accept ?? 'application/json',
            ...(body
              ? { 'Content-Type': body.contentType, 'Content-Length': body.data.length }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) =>
            reject(new PebbleConnectionError(this.socketPath, error.message)),
          );
          res.on('end', () =>
            resolve({
              statusCode: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
        },
      );
      const timeoutMs = request.timeoutMs ?? this.timeoutMs;
      req.setTimeout(timeoutMs, () => {
        req.destroy();
        reject(
          new PebbleTimeoutError(`cannot ${describe(request)}: no answer within ${timeoutMs} ms`),
        );
      });
      req.on('error', (error: NodeJS.ErrnoException) =>
        reject(new PebbleConnectionError(this.socketPath, error.code ?? error.message)),
      );
      req.end(body?.data);
    });
  }

  /** Parses a response body as Pebble's envelope; error envelopes become {@link PebbleApiError}. */
  decode(request: PebbleRequest, response: PebbleResponse): Envelope {
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.body.toString('utf8'));
    } catch {
      throw new PebbleApiError(
        response.statusCode,
        '',
        'cannot decode response body as JSON',
        describe(request),
      );
    }
    if (!isJsonObject(parsed) || typeof parsed.type !== 'string') {
      throw new PebbleApiError(
        response.statusCode,
        '',
        'response has no "type"',
        describe(request),
      );
    }
    if (parsed.type === 'error') {
      const result = isJsonObject(parsed.result) ? parsed.result : {};
      const kind = typeof result.kind === 'string' ? result.kind : '';
      const message = typeof result.message === 'string' ? result.message : 'unknown error';
      throw new PebbleApiError(response.statusCode, kind, message, describe(request));
    }
    return {
      type: parsed.type as Envelope['type'],
      statusCode: response.statusCode,
      result: parsed.result,
      ...(typeof parsed.change === 'string' ? { change: parsed.change } : {}),
    };
  }

  /** Sends a request whose answer is synchronous and returns its `result`. */
  async sync(request: PebbleRequest): Promise<unknown> {
    return this.decode(request, await this.send(request)).result;
  }

  /** Sends a request that starts a change and returns the change id and `result`. */
  async async(request: PebbleRequest): Promise<{ changeId: string; result: unknown }> {
    const envelope = this.decode(request, await this.send(request));
    if (envelope.type !== 'async' || envelope.change === undefined) {
      throw new PebbleApiError(
        envelope.statusCode,
        '',
        'expected an async response',
        describe(request),
      );
    }
    return { changeId: envelope.change, result: envelope.result };
  }
}
