import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { leanPost } from '../src/lean-post';

/** A loopback server that records each request and answers as `answer` says. */
function serve(answer: (request: IncomingMessage, body: string) => [number, string]) {
  const seen: {
    method?: string;
    url?: string;
    headers: IncomingMessage['headers'];
    body: string;
  }[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body });
      const [status, text] = answer(request, body);
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(text);
    });
  });
  return new Promise<{ port: number; seen: typeof seen; server: Server }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ port: (server.address() as AddressInfo).port, seen, server }),
    ),
  );
}

describe('leanPost', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
  });

  it('sends the JSON POST node:http would, on a connection of its own, and reads the status', async () => {
    const { port, seen, server } = await serve(() => [204, '']);
    servers.push(server);
    const body = { fqdn: '_acme-challenge.a.example.com.', value: 'ünïcode' };
    const exchange = await leanPost({
      port,
      path: '/present',
      authorization: 'Basic YTpi',
      body,
      timeoutMs: 10_000,
    });
    expect(exchange.outcome).toBe(204);
    expect(exchange.endedAt).toBeGreaterThanOrEqual(exchange.sentAt);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/present', body: JSON.stringify(body) });
    expect(seen[0].headers).toMatchObject({
      authorization: 'Basic YTpi',
      'content-type': 'application/json',
      connection: 'close',
    });
  });

  it('reads a status with a body, and reports a refused connection as an error', async () => {
    const { port, server } = await serve(() => [
      401,
      JSON.stringify({ error: 'x'.repeat(70_000) }),
    ]);
    servers.push(server);
    const post = (to: number) =>
      leanPost({ port: to, path: '/cleanup', authorization: '', body: {}, timeoutMs: 10_000 });
    expect((await post(port)).outcome).toBe(401);
    await new Promise((done) => server.close(done));
    servers.pop();
    expect((await post(port)).outcome).toBe('error');
  });
});
