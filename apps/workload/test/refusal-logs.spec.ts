import { join } from 'node:path';
import { cli } from './support/cli';
import { exchangeRaw, parseResponses } from './support/raw-http';
import { type LogLine, startService, type ServiceProcess } from './support/service';
import { createTestEnvironment, type TestEnvironment } from './support/test-app';

// Requests refused before the application's request log sees them: each still gets one line.
describe('refusals before the application, in the log of a running service', () => {
  let environment: TestEnvironment;
  let service: ServiceProcess;

  beforeAll(async () => {
    environment = await createTestEnvironment('sqlite', {
      env: { HLP_ALLOWED_HOSTS: 'lego.example.com' },
    });
    expect((await cli(['migrate'], environment.env)).code).toBe(0);
    service = await startService(environment.env, join(environment.dir, 'service.log'));
  });

  afterAll(async () => {
    await service.stop();
    await environment.cleanup();
  });

  const send = async (text: string) => parseResponses(await exchangeRaw(service.port, text))[0];
  const linesSaying = async (msg: string) =>
    (await service.logs()).filter((line: LogLine) => line.msg === msg);

  it.each([
    [
      'a host not served',
      'GET /present HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n',
      'request refused: host not served',
      400,
      'disallowed_host',
      { method: 'GET', url: '/present' },
    ],
    [
      'a body over the limit, at the front door',
      'POST /present?token=secret HTTP/1.1\r\nHost: lego.example.com\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\n\r\n',
      'request refused at the front door',
      413,
      'payload_too_large',
      { method: 'POST', url: '/present?token=[redacted]' },
    ],
    [
      'what is not HTTP, by the parser',
      'GARBAGE\r\n\r\n',
      'request refused by the HTTP parser',
      400,
      'invalid_input',
      {},
    ],
  ])('logs %s once, with its status and error', async (_what, text, msg, status, error, req) => {
    expect((await send(text))?.status).toBe(status);
    await service.logged(msg, (line) => line.msg === msg);
    const lines = await linesSaying(msg);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      req: { ...req, remoteAddress: '127.0.0.1' },
      res: { statusCode: status },
      error,
    });
  });
});
