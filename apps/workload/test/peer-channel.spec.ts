import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import {
  type PeerConnection,
  PeerLink,
  peerProof,
  PeerServer,
  type ToHolder,
} from '../src/database/peer-channel';
import type { RecordChange } from '../src/records/record-change';
import { waitFor } from './support/ports';

const KEY = 'a'.repeat(64);
const change = (name: string): RecordChange => ({
  kind: 'present',
  name: `_acme-challenge.${name}.example.com`,
  value: 'dmFsdWU',
  username: 'alice',
});

/** A server on loopback that keeps what it hears, and the connection it came on. */
async function serverHearing() {
  const heard: { peer: PeerConnection; message: ToHolder }[] = [];
  const server = new PeerServer(KEY, (peer, message) => heard.push({ peer, message }));
  const port = await server.listen(0, '127.0.0.1');
  return { server, port, heard };
}

/** A raw connection, and the lines it got until it closed. */
function rawConnection(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  const lines: string[] = [];
  let text = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
    lines.push(...text.split('\n').slice(0, -1));
    text = text.slice(text.lastIndexOf('\n') + 1);
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => undefined);
  const challenge = new Promise<string>((resolve) =>
    socket.once('data', () => resolve(JSON.parse(lines[0]).challenge)),
  );
  return { socket, lines, closed, challenge };
}

describe('the peer channel between instances', () => {
  it('takes a batch from a link that proved the key, with changes that joined it, and answers it on that link', async () => {
    const { server, port, heard } = await serverHearing();
    const link = await PeerLink.open('127.0.0.1', port, KEY, 5_000);
    try {
      const left: number[] = [];
      const answer = link.handOff('1', [change('one')], (count) => left.push(count));
      link.join('1', [change('two')]);
      await waitFor('the batch and its join', async () => heard.length === 2);
      expect(heard.map(({ message }) => message)).toEqual([
        { h: '1', changes: [change('one')] },
        { j: '1', changes: [change('two')] },
      ]);
      // Too late for the batch: it tells the link how many go back.
      heard[0].peer.send({ left: '1', count: 1 });
      const outcomes = [{ status: 'unchanged', zone: 'example.com' }] as const;
      heard[0].peer.send({ r: '1', result: { outcomes } });
      await expect(answer).resolves.toEqual({ result: { outcomes } });
      expect(left).toEqual([1]);
      // A batch the server will not write comes back as such.
      const refused = link.handOff('2', [change('three')], () => undefined);
      await waitFor('the second batch', async () => heard.length === 3);
      heard[2].peer.send({ n: '2' });
      await expect(refused).resolves.toBe('not taken');
    } finally {
      link.close();
      await server.close();
    }
  });

  it('closes a connection whose proof is wrong, or that sends a batch before its proof: nothing of it is heard', async () => {
    const { server, port, heard } = await serverHearing();
    try {
      const wrong = rawConnection(port);
      const challenge = await wrong.challenge;
      expect(challenge).toMatch(/^[0-9a-f]{64}$/);
      wrong.socket.write(`${JSON.stringify({ proof: peerProof('b'.repeat(64), challenge) })}\n`);
      wrong.socket.write(`${JSON.stringify({ h: '1', changes: [change('one')] })}\n`);
      await wrong.closed;

      const unproven = rawConnection(port);
      await unproven.challenge;
      unproven.socket.write(`${JSON.stringify({ h: '1', changes: [change('one')] })}\n`);
      await unproven.closed;
      expect(heard).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('closes a connection that sends more than a proof before proving itself, or a batch that is not one', async () => {
    const { server, port, heard } = await serverHearing();
    try {
      const long = rawConnection(port);
      await long.challenge;
      // No newline: the server stops reading past the bound all the same.
      long.socket.write('x'.repeat(4096));
      await long.closed;

      const malformed = rawConnection(port);
      const challenge = await malformed.challenge;
      malformed.socket.write(`${JSON.stringify({ proof: peerProof(KEY, challenge) })}\n`);
      malformed.socket.write(`${JSON.stringify({ h: '1', changes: [{ kind: 'drop' }] })}\n`);
      await malformed.closed;
      expect(heard).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('holds at most 32 connections at once: the next is closed at once, and one frees a place as it closes', async () => {
    const { server, port } = await serverHearing();
    try {
      const open = Array.from({ length: 32 }, () => rawConnection(port));
      await Promise.all(open.map((connection) => connection.challenge));
      const refused = rawConnection(port);
      await refused.closed;
      expect(refused.lines).toEqual([]);
      open[0].socket.destroy();
      await open[0].closed;
      await waitFor('a place to free', async () => {
        const next = rawConnection(port);
        const got = await Promise.race([
          next.challenge.then(() => true),
          next.closed.then(() => false),
        ]);
        next.socket.destroy();
        return got;
      });
      for (const connection of open) connection.socket.destroy();
    } finally {
      await server.close();
    }
  });

  it('ends every batch waiting on a link as lost when the connection goes', async () => {
    const { server, port, heard } = await serverHearing();
    const link = await PeerLink.open('127.0.0.1', port, KEY, 5_000);
    const answer = link.handOff('1', [change('one')], () => undefined);
    await waitFor('the batch', async () => heard.length === 1);
    await server.close();
    await expect(answer).resolves.toBe('lost');
    expect(link.closed).toBe(true);
    await expect(link.handOff('2', [change('two')], () => undefined)).resolves.toBe('lost');
  });

  it('ends a link whose peer answers with something that is not an answer: the batch is lost, not written', async () => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.write(`${JSON.stringify({ challenge: 'c'.repeat(64) })}\n`);
      socket.once('data', () => socket.write('5\n'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const link = await PeerLink.open('127.0.0.1', port, KEY, 5_000);
      await expect(link.handOff('1', [change('one')], () => undefined)).resolves.toBe('lost');
      expect(link.closed).toBe(true);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('does not open a link to a peer whose key it has wrong', async () => {
    const { server, port } = await serverHearing();
    try {
      const link = await PeerLink.open('127.0.0.1', port, 'b'.repeat(64), 5_000);
      // The proof goes unanswered, then the connection is closed: the batch is lost, not written.
      await expect(link.handOff('1', [change('one')], () => undefined)).resolves.toBe('lost');
    } finally {
      await server.close();
    }
  });
});
