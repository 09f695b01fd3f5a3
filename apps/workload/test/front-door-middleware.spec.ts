import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { AppError } from '../src/common/app-error';
import { frontDoor } from '../src/http/front-door';

describe('frontDoor', () => {
  let server: Server;
  let lines: Record<string, unknown>[];
  let reachedApp: number;

  beforeEach(async () => {
    lines = [];
    reachedApp = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const door = frontDoor(
      [
        (incoming) =>
          incoming.headers['x-refuse'] === 'yes'
            ? new AppError('too_many_requests', 'go away', { retryAfterSeconds: 7 })
            : undefined,
      ],
      pino(sink),
    );
    server = createServer((incoming, outgoing) => {
      if (door(incoming, outgoing)) return;
      reachedApp += 1;
      outgoing.end('app');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterEach(() => new Promise((resolve) => server.close(resolve)));

  /** Declares a body it never sends: an answer proves nobody waited for the body. */
  const send = (refuse: boolean) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
      (resolve, reject) => {
        const call = request(
          {
            host: '127.0.0.1',
            port: (server.address() as AddressInfo).port,
            method: 'POST',
            path: '/present?token=secret',
            headers: {
              'Content-Length': '1000',
              'X-Request-Id': 'req-1',
              ...(refuse ? { 'X-Refuse': 'yes' } : {}),
            },
          },
          (response) => {
            let body = '';
            response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
            );
          },
        );
        call.on('error', reject);
        call.flushHeaders();
        if (!refuse) call.end('x'.repeat(1000));
      },
    );

  it('answers a refused request from its head, in JSON, and closes the connection', async () => {
    const answer = await send(true);
    expect(answer.status).toBe(429);
    expect(answer.headers).toMatchObject({
      'retry-after': '7',
      connection: 'close',
      'x-request-id': 'req-1',
      'content-type': 'application/json; charset=utf-8',
    });
    expect(JSON.parse(answer.body)).toEqual({ error: 'too_many_requests', message: 'go away' });
    expect(reachedApp).toBe(0);
  });

  it('writes one log line per refusal, without query values', async () => {
    await send(true);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'request refused at the front door',
        req: expect.objectContaining({
          id: 'req-1',
          method: 'POST',
          url: '/present?token=[redacted]',
        }),
        res: { statusCode: 429 },
        error: 'too_many_requests',
      }),
    ]);
  });

  it('lets everything else in', async () => {
    expect(await send(false)).toMatchObject({ status: 200, body: 'app' });
    expect(lines).toEqual([]);
  });
});
