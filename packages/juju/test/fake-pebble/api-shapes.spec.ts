import { request } from 'node:http';

import WebSocket from 'ws';

import { decodeMultipart, multipartBoundary } from '../../src/pebble/multipart';
import { type FakePebble, startFakePebble } from '../helpers/fake-pebble';

interface RawResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
  json(): Record<string, unknown>;
}

function call(
  socketPath: string,
  method: string,
  path: string,
  body?: { contentType: string; data: Buffer | string },
  accept = 'application/json',
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        method,
        path,
        headers: { Accept: accept, ...(body ? { 'Content-Type': body.contentType } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const data = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            body: data,
            json: () => JSON.parse(data.toString('utf8')) as Record<string, unknown>,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body?.data);
  });
}

function json(value: unknown): { contentType: string; data: string } {
  return { contentType: 'application/json', data: JSON.stringify(value) };
}

describe('the fake Pebble speaks the documented API', () => {
  let pebble: FakePebble;
  let socket: string;

  beforeEach(async () => {
    pebble = await startFakePebble();
    socket = pebble.server.socketPath;
  });

  afterEach(() => pebble.close());

  it('sync answers carry type, status-code, status and result', async () => {
    const response = await call(socket, 'GET', '/v1/system-info');

    expect(response.status).toBe(200);
    expect(response.json()).toEqual({
      type: 'sync',
      'status-code': 200,
      status: 'OK',
      result: { 'boot-id': expect.any(String), 'http-address': '', version: 'fake' },
    });
  });

  it('errors carry the message (and kind) in result', async () => {
    expect((await call(socket, 'GET', '/v1/nothing')).json()).toEqual({
      type: 'error',
      'status-code': 404,
      status: 'Not Found',
      result: { message: 'invalid API endpoint requested' },
    });
    const badLayer = await call(
      socket,
      'POST',
      '/v1/layers',
      json({
        action: 'add',
        label: 'x',
        format: 'yaml',
        layer: 'services:\n  a:\n    command: x\n',
      }),
    );
    expect(badLayer.status).toBe(400);
    expect(badLayer.json().result).toEqual({
      message: 'layer "x" must define "override" for service "a"',
    });
  });

  it('service actions answer 202 with a change id; the change waits and shows its tasks', async () => {
    await call(
      socket,
      'POST',
      '/v1/layers',
      json({
        action: 'add',
        label: 'l',
        format: 'yaml',
        layer: 'services:\n  s:\n    override: replace\n    command: sleep 30\n',
      }),
    );

    const started = await call(
      socket,
      'POST',
      '/v1/services',
      json({ action: 'start', services: ['s'] }),
    );
    expect(started.status).toBe(202);
    expect(started.json()).toEqual({
      type: 'async',
      'status-code': 202,
      status: 'Accepted',
      change: '1',
      result: null,
    });

    const waited = (await call(socket, 'GET', '/v1/changes/1/wait?timeout=5s')).json().result;
    expect(waited).toEqual({
      id: '1',
      kind: 'start',
      summary: 'Start service "s"',
      status: 'Done',
      ready: true,
      'spawn-time': expect.any(String),
      'ready-time': expect.any(String),
      tasks: [
        {
          id: expect.any(String),
          kind: 'start',
          summary: 'Start service "s"',
          status: 'Done',
          log: [],
          progress: { label: '', done: 1, total: 1 },
          'spawn-time': expect.any(String),
          'ready-time': expect.any(String),
        },
      ],
    });
  });

  it('a wait that times out is a 504; a replan with nothing to do is an empty, done change', async () => {
    await call(
      socket,
      'POST',
      '/v1/layers',
      json({
        action: 'add',
        label: 'l',
        format: 'yaml',
        layer: 'services:\n  s:\n    override: replace\n    command: sleep 30\n',
      }),
    );
    await call(socket, 'POST', '/v1/services', json({ action: 'start', services: ['s'] }));

    const timedOut = await call(socket, 'GET', '/v1/changes/1/wait?timeout=10ms');
    expect(timedOut.status).toBe(504);
    expect(timedOut.json().result).toEqual({ message: 'timed out waiting for change after 10ms' });

    const replan = await call(
      socket,
      'POST',
      '/v1/services',
      json({ action: 'replan', services: [] }),
    );
    const change = (await call(socket, 'GET', `/v1/changes/${String(replan.json().change)}`)).json()
      .result;
    expect(change).toMatchObject({
      kind: 'replan',
      summary: 'Replan - no services',
      status: 'Done',
      ready: true,
      tasks: [],
    });
  });

  it('the plan is YAML text', async () => {
    await call(
      socket,
      'POST',
      '/v1/layers',
      json({
        action: 'add',
        label: 'l',
        format: 'yaml',
        layer: 'services:\n  s:\n    override: replace\n    command: run\n',
      }),
    );

    expect((await call(socket, 'GET', '/v1/plan?format=yaml')).json().result).toBe(
      'services:\n  s:\n    override: replace\n    command: run\n',
    );
    expect((await call(socket, 'GET', '/v1/plan')).status).toBe(400);
  });

  it('reads answer multipart: files parts, then a response part with per-path errors', async () => {
    await pebble.client.push('/a.txt', 'AAA');

    const refused = await call(socket, 'GET', '/v1/files?action=read&path=/a.txt');
    expect(refused.json().result).toEqual({ message: 'must accept multipart/form-data' });

    const response = await call(
      socket,
      'GET',
      '/v1/files?action=read&path=/a.txt&path=/b.txt',
      undefined,
      'multipart/form-data',
    );
    const parts = decodeMultipart(response.body, multipartBoundary(response.contentType) ?? '');
    expect(parts.map((part) => [part.name, part.filename])).toEqual([
      ['files', '/a.txt'],
      ['response', undefined],
    ]);
    expect(parts[0]?.body.toString()).toBe('AAA');
    expect(JSON.parse(parts[1]?.body.toString() ?? '')).toEqual({
      type: 'sync',
      'status-code': 200,
      status: 'OK',
      result: [
        { path: '/a.txt' },
        {
          path: '/b.txt',
          error: { kind: 'not-found', message: 'stat /b.txt: no such file or directory' },
        },
      ],
    });
  });

  it('writes refuse short boundaries and a first part that is not "request"', async () => {
    const short = await call(socket, 'POST', '/v1/files', {
      contentType: 'multipart/form-data; boundary=abc',
      data: '--abc--',
    });
    expect(short.json().result).toEqual({ message: 'invalid boundary "abc"' });

    const boundary = 'x'.repeat(32);
    const data = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="/f"\r\n\r\nx\r\n--${boundary}--\r\n`;
    const wrong = await call(socket, 'POST', '/v1/files', {
      contentType: `multipart/form-data; boundary=${boundary}`,
      data,
    });
    expect(wrong.json().result).toEqual({
      message: 'metadata field name must be "request", got "files"',
    });
  });

  it('health is a 502 sync answer when a check is down', async () => {
    const layer =
      'checks:\n  c:\n    override: replace\n    level: alive\n    period: 50ms\n    threshold: 1\n    exec:\n      command: "false"\n';
    await call(
      socket,
      'POST',
      '/v1/layers',
      json({ action: 'add', label: 'l', format: 'yaml', layer }),
    );

    // Until the first probe has run: generous, as a loaded machine may be slow to spawn `false`.
    const deadline = Date.now() + 20_000;
    let health = await call(socket, 'GET', '/v1/health?level=ready');
    while (health.status !== 502 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      health = await call(socket, 'GET', '/v1/health?level=ready');
    }

    expect(health.json()).toEqual({
      type: 'sync',
      'status-code': 502,
      status: 'Bad Gateway',
      result: { healthy: false },
    });
    expect((await call(socket, 'GET', '/v1/checks')).json().result).toEqual([
      {
        name: 'c',
        level: 'alive',
        startup: 'enabled',
        status: 'down',
        successes: 0,
        failures: expect.any(Number),
        threshold: 1,
      },
    ]);
  });

  it('exec without split-stderr: control and stdio websockets, merged output, exit code in the task data', async () => {
    const exec = await call(
      socket,
      'POST',
      '/v1/exec',
      json({ command: ['node', '-e', 'console.log("o"); console.error("e"); process.exit(2)'] }),
    );
    const { change, result } = exec.json() as { change: string; result: Record<string, unknown> };
    expect(result).toEqual({
      'task-id': expect.any(String),
      environment: expect.objectContaining({ LANG: 'C.UTF-8' }),
      'working-dir': '/',
    });
    const taskId = String(result['task-id']);
    const url = (channel: string): string =>
      `ws+unix:${socket}:/v1/tasks/${taskId}/websocket/${channel}`;

    const refused = new WebSocket(url('stderr'));
    const refusal = await new Promise<string>((resolve) =>
      refused.on('error', (error) => resolve(error.message)),
    );
    expect(refusal).toBe('Unexpected server response: 404');

    const control = new WebSocket(url('control'));
    const stdio = new WebSocket(url('stdio'));
    const frames: string[] = [];
    const ended = new Promise<void>((resolve) =>
      stdio.on('message', (data, isBinary) => {
        frames.push(`${isBinary ? 'binary' : 'text'}:${data.toString()}`);
        if (!isBinary) resolve();
      }),
    );
    await new Promise((resolve) => stdio.on('open', resolve));
    stdio.send(JSON.stringify({ command: 'end' }));
    await ended;

    expect(frames.join('')).toContain('o\n');
    expect(frames.join('')).toContain('e\n');
    expect(frames[frames.length - 1]).toBe('text:{"command":"end"}');
    const done = (await call(socket, 'GET', `/v1/changes/${change}/wait?timeout=5s`)).json()
      .result as {
      tasks: { data: unknown }[];
    };
    expect(done.tasks[0]?.data).toEqual({ 'exit-code': 2 });
    control.terminate();
    stdio.terminate();
  });
});
