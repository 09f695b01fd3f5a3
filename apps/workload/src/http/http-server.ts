import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { Socket } from 'node:net';
import { ExpressAdapter } from '@nestjs/platform-express';
import proxyAddr from 'proxy-addr';
import type { Logger } from 'pino';
import { AppError } from '../common/app-error';
import { logRefusal } from '../logging/refusal-log';
import { toErrorResponse } from './error-response';
import {
  admitConnectionsFairly,
  type FairConnections,
  type WaitingObserver,
} from './connection-admission';
import type { FrontDoor } from './front-door';
import type { Lane } from './httpreq-lane';

/** What Node's HTTP parser reports about a request it could not take. */
function clientErrorOf(error: NodeJS.ErrnoException & { reason?: string }, timeoutSeconds: number) {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new AppError(
        'request_timeout',
        `the request did not arrive in full within ${timeoutSeconds} seconds`,
      );
    case 'HPE_HEADER_OVERFLOW':
      return new AppError('headers_too_large', 'the request headers are too large');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new AppError('payload_too_large', 'the chunk extensions are too large');
    case 'HPE_INVALID_TRANSFER_ENCODING':
      return new AppError(
        'not_implemented',
        'the Transfer-Encoding is not supported: send the body as it is, or chunked',
      );
    default:
      return new AppError(
        'invalid_input',
        `the request is not valid HTTP/1.1: ${error.reason ?? error.message}`,
      );
  }
}

/**
 * Answers what Node's parser refuses (malformed requests, oversized headers, timeouts) with the
 * same JSON errors as the application, instead of Node's bare status line, then disconnects.
 */
function answerClientErrors(
  server: Server,
  timeoutSeconds: number,
  log: () => Logger | undefined,
): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    // An answer is out already (the application refused the request first): let it finish.
    if (socket.bytesWritten > 0) {
      socket.end(() => socket.destroy());
      return;
    }
    const refusal = clientErrorOf(error, timeoutSeconds);
    const { status, body } = toErrorResponse(refusal, '');
    const logger = log();
    if (logger) {
      logRefusal(
        logger,
        'request refused by the HTTP parser',
        { socket },
        {
          status,
          error: refusal.code,
        },
      );
    }
    const json = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(json)}\r\n` +
        `Connection: close\r\n\r\n${json}`,
      () => socket.destroy(),
    );
  });
}

/**
 * Express on a Node HTTP server that bounds how long a client may take to send a request:
 * headers and body within `requestTimeoutSeconds`, checked often enough to keep to it. Idle
 * keep-alive connections keep Node's 5 seconds: reconnecting is cheap for clients and proxies.
 * Connections are read a few at a time per client (connection-admission.ts), except from the
 * `trustedProxies`.
 */
export class BoundedExpressAdapter extends ExpressAdapter {
  private door?: FrontDoor;
  private lane?: Lane;
  private log?: Logger;
  private connections?: FairConnections;
  private waitingObserver?: WaitingObserver;

  constructor(
    private readonly requestTimeoutSeconds: number,
    private readonly trustedProxies: readonly string[],
  ) {
    super();
  }

  /** Requests go through `door` before Express (see front-door.ts); `log` tells of refusals. */
  setFrontDoor(door: FrontDoor, log: Logger): void {
    this.door = door;
    this.log = log;
  }

  /** Requests past the door go to `lane` first, and to Express when it leaves them. */
  setLane(lane: Lane): void {
    this.lane = lane;
  }

  /** Told how many connections wait for a place of their client (connection-admission.ts). */
  observeWaitingConnections(observer: WaitingObserver): void {
    this.waitingObserver = observer;
  }

  override initHttpServer(): void {
    const timeoutMs = this.requestTimeoutSeconds * 1000;
    const express =
      this.getInstance<(request: IncomingMessage, response: ServerResponse) => void>();
    const server = createServer(
      {
        headersTimeout: timeoutMs,
        requestTimeout: timeoutMs,
        connectionsCheckingInterval: Math.min(5000, timeoutMs / 4),
      },
      (request, response) => {
        this.connections?.started(request.socket);
        if (this.door?.(request, response) || this.lane?.(request, response)) return;
        express(request, response);
      },
    );
    const trust =
      this.trustedProxies.length > 0 ? proxyAddr.compile([...this.trustedProxies]) : undefined;
    this.connections = admitConnectionsFairly(
      server,
      (address) => trust?.(address, 0) ?? false,
      (waiting, arrived) => this.waitingObserver?.(waiting, arrived),
    );
    answerClientErrors(server, this.requestTimeoutSeconds, () => this.log);
    // A client that asks before sending its body (`Expect: 100-continue`) is told to go ahead
    // only when the body will be read; a refusal at the door comes before any upload.
    server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
      this.connections?.started(request.socket);
      if (this.door?.(request, response)) return;
      response.writeContinue();
      express(request, response);
    });
    this.setHttpServer(server);
  }

  override close(): Promise<unknown> | undefined {
    // Never read, they would keep the server from closing.
    this.connections?.dropWaiting();
    return super.close();
  }
}
