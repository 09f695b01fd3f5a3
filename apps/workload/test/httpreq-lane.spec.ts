import { request as httpRequest } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { txtValue, useChallengeApp } from './support/challenges';
import { ENGINES } from './support/databases';
import { createUser, type TestUser } from './support/users';
import { commitCount, remoteZone, txtLines } from './support/zone-repository';

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string | undefined>;
}

/** The headers an answer is compared by (the rest are Node's and Express's own: date, etag…). */
const COMPARED = ['content-type', 'www-authenticate', 'x-request-id'];

/**
 * Sends `body` as given, with a declared length (as lego does) or chunked (which the lane leaves
 * to Express).
 */
function post(
  port: number,
  path: string,
  body: string,
  headers: Record<string, string>,
  framing: 'length' | 'chunked',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers:
          framing === 'length'
            ? { ...headers, 'Content-Length': Buffer.byteLength(body) }
            : { ...headers, 'Transfer-Encoding': 'chunked' },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: Object.fromEntries(
              COMPARED.map((name) => [name, response.headers[name] as string | undefined]),
            ),
          }),
        );
      },
    );
    sent.on('error', reject);
    sent.end(body);
  });
}

describe.each(ENGINES)('lego calls answered without Express, on %s', (engine) => {
  const { current } = useChallengeApp(engine);
  let port: number;
  let carol: TestUser;
  let expressHandled: jest.SpyInstance;

  beforeAll(async () => {
    // Every request Express answers goes through its application's `handle`.
    const express = current().testApp.app.getHttpAdapter().getInstance() as unknown as {
      handle: () => void;
    };
    expressHandled = jest.spyOn(express, 'handle');
    const server = current().testApp.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    // May manage a name no zone file covers.
    carol = await createUser(current().testApp.app, 'carol', { domains: ['example.info'] });
  });

  afterAll(() => expressHandled.mockRestore());

  const json = { 'Content-Type': 'application/json' };
  const as = (user: TestUser) => ({ ...json, Authorization: user.basic });
  const challenge = (name: string) =>
    JSON.stringify({ fqdn: `_acme-challenge.${name}`, value: txtValue() });

  /** The call with a declared length and chunked: by the lane, then by Express. */
  async function bothWays(
    path: string,
    body: (framing: string) => string,
    headers: () => Record<string, string>,
  ): Promise<[Answer, Answer]> {
    expressHandled.mockClear();
    const lane = await post(port, path, body('length'), headers(), 'length');
    expect(expressHandled).not.toHaveBeenCalled();
    const express = await post(port, path, body('chunked'), headers(), 'chunked');
    expect(expressHandled).toHaveBeenCalledTimes(1);
    return [lane, express];
  }

  it.each<[string, (framing: string) => string, () => Record<string, string>, number]>([
    ['a present', (f) => challenge(`${f}.example.com`), () => as(current().alice), 204],
    [
      'a present in RAW mode',
      (f) => JSON.stringify({ domain: `raw-${f}.example.com`, token: 't', keyAuth: 'key.auth' }),
      () => as(current().alice),
      204,
    ],
    [
      'a byte order mark and a charset',
      (f) => `\ufeff${challenge(`bom-${f}.example.com`)}`,
      () => ({ ...as(current().alice), 'Content-Type': 'application/json; charset=UTF-8' }),
      204,
    ],
    ['JSON cut short', () => '{"fqdn": "_acme', () => as(current().alice), 400],
    ['no body', () => '', () => as(current().alice), 400],
    ['a bare string', () => '"text"', () => as(current().alice), 400],
    ['mixed modes', () => '{"fqdn": "a", "domain": "b"}', () => as(current().alice), 400],
    [
      'a wrong password',
      () => challenge('example.com'),
      () => ({ ...json, Authorization: `Basic ${Buffer.from('alice:wrong').toString('base64')}` }),
      401,
    ],
    ['no credentials', () => challenge('example.com'), () => json, 401],
    [
      'a bearer token that is not one',
      () => challenge('example.com'),
      () => ({ ...json, Authorization: 'Bearer not-a-token' }),
      401,
    ],
    ['a name of another user', () => challenge('example.com'), () => as(current().mallory), 403],
    ['a name no zone file covers', () => challenge('example.info'), () => as(carol), 404],
    [
      'a request id of its own',
      () => '{}',
      () => ({ ...as(current().alice), 'X-Request-Id': 'lane-check-1' }),
      400,
    ],
  ])('%s: the same answer either way', async (_case, body, headers, status) => {
    const [lane, express] = await bothWays('/present', body, headers);
    expect(lane.status).toBe(status);
    expect(express.status).toBe(status);
    expect(lane.body).toBe(express.body);
    const { 'x-request-id': laneId, ...laneHeaders } = lane.headers;
    const { 'x-request-id': expressId, ...expressHeaders } = express.headers;
    expect(laneHeaders).toEqual(expressHeaders);
    expect(laneId).toMatch(/./);
    if (headers()['X-Request-Id'] !== undefined) expect(laneId).toBe(expressId);
  });

  it('writes the records, and cleans them up, as Express does', async () => {
    const before = await commitCount(current().remote);
    const value = txtValue();
    const body = () => JSON.stringify({ fqdn: '_acme-challenge.same.example.com', value });
    const presented = await bothWays('/present', body, () => as(current().alice));
    expect(presented.map((answer) => answer.status)).toEqual([204, 204]);
    // The second is already in place: one commit, one line.
    expect(await commitCount(current().remote)).toBe(before + 1);
    const zone = await remoteZone(current().remote, 'example.com');
    expect(txtLines(zone, '_acme-challenge.same')).toEqual([value]);
    const cleaned = await bothWays('/cleanup', body, () => as(current().alice));
    expect(cleaned.map((answer) => answer.status)).toEqual([204, 204]);
    expect(
      txtLines(await remoteZone(current().remote, 'example.com'), '_acme-challenge.same'),
    ).toEqual([]);
  });

  it('writes nothing for a body cut short, and goes on answering', async () => {
    const before = await commitCount(current().remote);
    const body = challenge('cut.example.com');
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    // Half the declared body, then the connection goes.
    socket.write(
      `POST /present HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Authorization: ${current().alice.basic}\r\nContent-Length: ${body.length}\r\n\r\n` +
        body.slice(0, body.length / 2),
      () => socket.destroy(),
    );
    await closed;
    const [next] = await bothWays(
      '/present',
      () => challenge('after-cut.example.com'),
      () => as(current().alice),
    );
    expect(next.status).toBe(204);
    expect(await commitCount(current().remote)).toBe(before + 2);
    expect(
      txtLines(await remoteZone(current().remote, 'example.com'), '_acme-challenge.cut'),
    ).toEqual([]);
  });
});
