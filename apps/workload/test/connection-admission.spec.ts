import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { admitConnectionsFairly, type FairConnections } from '../src/http/connection-admission';
import { postFrom } from './support/loopback-client';

/** Connects from `from` and sends nothing: it holds one of its address's places. */
function silentFrom(port: number, from: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: from }, () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('connections read by address (real sockets on loopback)', () => {
  let server: Server;
  let fair: FairConnections;
  let port: number;
  let accepted = 0;
  let acceptedTick: () => void = () => undefined;
  const silent: Socket[] = [];
  /** What the observer was told: connections waiting, and whether one more had to. */
  const observed: [number, boolean][] = [];

  /** Resolves once the server has taken `count` connections in all. */
  const acceptedCount = (count: number) =>
    new Promise<void>((resolve) => {
      acceptedTick = () => {
        if (accepted >= count) resolve();
      };
      acceptedTick();
    });

  beforeEach(async () => {
    accepted = 0;
    server = createServer((request, response) => {
      fair.started(request.socket);
      request.resume();
      request.on('end', () => response.end('{"ok":true}'));
    });
    // A place is held until the request's head comes: for as long as this test needs.
    observed.length = 0;
    fair = admitConnectionsFairly(
      server,
      (address) => address === '127.0.0.9',
      (waiting, arrived) => observed.push([waiting, arrived]),
      { placesPerAddress: 2, placeHeldMs: 600_000 },
    );
    server.on('connection', () => {
      accepted += 1;
      acceptedTick();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    for (const socket of silent.splice(0)) socket.destroy();
    fair.dropWaiting();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (from: string) => postFrom({ port, from, path: '/present', json: { n: 1 } });

  it('reads another address at once while one address has used its places', async () => {
    silent.push(await silentFrom(port, '127.0.0.3'), await silentFrom(port, '127.0.0.3'));
    let waitingAnswered = false;
    const waiting = post('127.0.0.3').then((answer) => {
      waitingAnswered = true;
      return answer;
    });
    await acceptedCount(3);
    expect((await post('127.0.0.2')).status).toBe(200);
    expect(waitingAnswered).toBe(false);
    // A place frees: the connection that waited is read, and answered.
    silent[0].destroy();
    expect((await waiting).status).toBe(200);
    // One connection had to wait, then was read; the others never waited.
    expect(observed).toEqual([
      [1, true],
      [0, false],
    ]);
  });

  it('gives the place back when the request head comes, so that one address is served in turn', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => post('127.0.0.3')));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
  });

  it('reads an exempt address (a trusted proxy) whatever it holds', async () => {
    silent.push(await silentFrom(port, '127.0.0.9'), await silentFrom(port, '127.0.0.9'));
    expect((await post('127.0.0.9')).status).toBe(200);
  });

  it('closes the connections still waiting when asked (shutdown)', async () => {
    silent.push(await silentFrom(port, '127.0.0.3'), await silentFrom(port, '127.0.0.3'));
    const waiting = post('127.0.0.3');
    await acceptedCount(3);
    fair.dropWaiting();
    await expect(waiting).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
