import type { AddressInfo } from 'node:net';
import { exchangeRaw, parseResponses, type RawResponse } from './support/raw-http';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './support/test-app';

/** The app of the test, listening on a loopback port for raw connections. */
async function listeningApp(
  env: Record<string, string> = {},
): Promise<{ environment: TestEnvironment; testApp: TestApp; port: number }> {
  const environment = await createTestEnvironment('sqlite', { env });
  const testApp = await startTestApp(environment);
  await testApp.app.listen(0, '127.0.0.1');
  const { port } = testApp.app.getHttpServer().address() as AddressInfo;
  return { environment, testApp, port };
}

const request = (lines: string[], body = '') => `${lines.join('\r\n')}\r\n\r\n${body}`;

function only(raw: string): RawResponse {
  const responses = parseResponses(raw);
  expect(responses).toHaveLength(1);
  return responses[0];
}

function expectJsonError(response: RawResponse, status: number, error: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers.connection).toBe('close');
  expect(JSON.parse(response.body)).toEqual({ error, message: expect.any(String) });
}

// Framing is the same on every engine: these run on SQLite only.
describe('request framing', () => {
  let environment: TestEnvironment;
  let testApp: TestApp;
  let port: number;

  beforeAll(async () => {
    ({ environment, testApp, port } = await listeningApp());
  });

  afterAll(async () => {
    await testApp.close();
    await environment.cleanup();
  });

  it('answers 413 to a declared Content-Length over 16 KiB at once, without the body', async () => {
    // The body is never sent: the answer (and the closed connection) must come without it.
    const response = only(
      await exchangeRaw(
        port,
        request([
          'POST /present HTTP/1.1',
          'Host: 127.0.0.1',
          'Content-Type: application/json',
          'Content-Length: 10000000',
        ]),
      ),
    );
    expectJsonError(response, 413, 'payload_too_large');
    expect(JSON.parse(response.body).message).toBe(
      'the request body is too large: 10000000 bytes declared, at most 16384 accepted',
    );
  });

  it('answers 413 to a chunked body that grows over 16 KiB', async () => {
    const chunk = `{"fqdn": "${'a'.repeat(17 * 1024)}"}`;
    const response = only(
      await exchangeRaw(
        port,
        request(
          [
            'POST /present HTTP/1.1',
            'Host: 127.0.0.1',
            'Content-Type: application/json',
            'Transfer-Encoding: chunked',
            'Connection: close',
          ],
          `${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`,
        ),
      ),
    );
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual({
      error: 'payload_too_large',
      message: 'the request body is too large: at most 16384 bytes are accepted',
    });
  });

  it('does not invite an oversized body with 100 Continue, and does invite a small one', async () => {
    const refused = parseResponses(
      await exchangeRaw(
        port,
        request([
          'PUT /api/v1/users/1/ HTTP/1.1',
          'Host: 127.0.0.1',
          'Content-Type: application/json',
          'Content-Length: 16385',
          'Expect: 100-continue',
        ]),
      ),
    );
    expect(refused.map((response) => response.status)).toEqual([413]);

    const body = '{"fqdn": "_acme-challenge.example.com", "value": "abc"}';
    const invited = parseResponses(
      await exchangeRaw(
        port,
        request(
          [
            'POST /present HTTP/1.1',
            'Host: 127.0.0.1',
            'Content-Type: application/json',
            `Content-Length: ${body.length}`,
            'Expect: 100-continue',
            'Connection: close',
          ],
          body,
        ),
      ),
    );
    expect(invited.map((response) => response.status)).toEqual([100, 401]);
  });

  it.each(['gzip, chunked', 'gzip', 'identity'])(
    'answers 501 in JSON to Transfer-Encoding: %s',
    async (encoding) => {
      const response = only(
        await exchangeRaw(
          port,
          request(
            [
              'POST /present HTTP/1.1',
              'Host: 127.0.0.1',
              'Content-Type: application/json',
              `Transfer-Encoding: ${encoding}`,
            ],
            encoding.endsWith('chunked') ? '2\r\n{}\r\n0\r\n\r\n' : '{}',
          ),
        ),
      );
      expectJsonError(response, 501, 'not_implemented');
    },
  );

  it('still reads chunked bodies', async () => {
    const body = '{"fqdn": "_acme-challenge.example.com", "value": "abc"}';
    const response = only(
      await exchangeRaw(
        port,
        request(
          [
            'POST /present HTTP/1.1',
            'Host: 127.0.0.1',
            'Content-Type: application/json',
            'Transfer-Encoding: chunked',
            'Connection: close',
          ],
          `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
        ),
      ),
    );
    // Read and parsed: the next thing it needs is credentials.
    expect(response.status).toBe(401);
  });

  it('answers requests Node cannot parse in JSON: 400, or 431 for huge headers', async () => {
    const duplicate = only(
      await exchangeRaw(
        port,
        request(
          ['POST /present HTTP/1.1', 'Host: 127.0.0.1', 'Content-Length: 2', 'Content-Length: 3'],
          '{}',
        ),
      ),
    );
    expectJsonError(duplicate, 400, 'invalid_input');
    expect(JSON.parse(duplicate.body).message).toMatch(/^the request is not valid HTTP\/1\.1: /);

    const huge = only(
      await exchangeRaw(
        port,
        request([
          'GET /health/live HTTP/1.1',
          'Host: 127.0.0.1',
          `X-Filler: ${'a'.repeat(20_000)}`,
        ]),
      ),
    );
    expectJsonError(huge, 431, 'headers_too_large');
  });
});

describe('slow clients', () => {
  let environment: TestEnvironment;
  let testApp: TestApp;
  let port: number;

  beforeAll(async () => {
    ({ environment, testApp, port } = await listeningApp({ HLP_REQUEST_TIMEOUT_SECONDS: '1' }));
  });

  afterAll(async () => {
    await testApp.close();
    await environment.cleanup();
  });

  it('answers 408 and disconnects a client whose body does not arrive in time', async () => {
    const response = only(
      await exchangeRaw(
        port,
        request(
          [
            'POST /present HTTP/1.1',
            'Host: 127.0.0.1',
            'Content-Type: application/json',
            'Content-Length: 100',
          ],
          '{"fqdn": ',
        ),
      ),
    );
    expectJsonError(response, 408, 'request_timeout');
    expect(JSON.parse(response.body).message).toBe(
      'the request did not arrive in full within 1 seconds',
    );
  });

  it('answers 408 and disconnects a client whose headers do not arrive in time', async () => {
    const raw = await exchangeRaw(port, 'GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    expectJsonError(only(raw), 408, 'request_timeout');
  });

  it('disconnects a client that sends nothing', async () => {
    expectJsonError(only(await exchangeRaw(port, '')), 408, 'request_timeout');
  });

  it('serves a client that sends its request promptly', async () => {
    await testApp.http.get('/health/live').expect(200);
  });
});
