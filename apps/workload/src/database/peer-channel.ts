import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { RecordChange } from '../records/record-change';
import type { StoredResult } from './handed-off-results';

/**
 * What an instance out of turn sends the instance in turn, once it proved it knows that one's key:
 * a batch handed off (`h`), or changes joining a batch not yet taken (`j`).
 */
export type ToHolder =
  | { readonly h: string; readonly changes: readonly RecordChange[] }
  | { readonly j: string; readonly changes: readonly RecordChange[] };

/**
 * What the instance in turn answers: a batch's result once pushed (`r`), a batch it will not write
 * (`n`: its turn ended, it goes through the database instead), or the last `count` changes of a
 * batch that joined too late (`left`: taken already, they go back to their queue).
 */
export type ToPeer =
  | { readonly r: string; readonly result: StoredResult }
  | { readonly n: string }
  | { readonly left: string; readonly count: number };

/** What the key signs: the protocol, then the challenge the connection got. */
const PROOF_CONTEXT = 'hlp-peer 1 ';
/** A line before the proof: a challenge or a proof, nothing longer. */
const UNPROVEN_LINE_BYTES = 512;
/** A line after it: a batch of 500 changes is about 150 KiB. */
const PROVEN_LINE_BYTES = 4 * 1024 * 1024;
/** How long a connection may take to prove itself. */
const PROOF_MS = 5_000;
/** Connections open at once: peers keep one each to the instance in turn. */
const MAX_CONNECTIONS = 32;

/** The proof that a peer read `key` where the instance in turn keeps it. */
export function peerProof(key: string, challenge: string): string {
  return createHmac('sha256', key)
    .update(PROOF_CONTEXT + challenge)
    .digest('hex');
}

/**
 * Newline-delimited JSON: each line parsed and passed on, as long as it fits `maxBytes()`; a line
 * longer, or not JSON, destroys the socket.
 */
export function readLines(
  socket: Socket,
  maxBytes: () => number,
  onLine: (value: unknown) => void,
): void {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  socket.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let end = chunk.indexOf(10); end >= 0; end = chunk.indexOf(10, start)) {
      const line = Buffer.concat([...pending, chunk.subarray(start, end)]);
      pending = [];
      pendingBytes = 0;
      start = end + 1;
      if (line.length > maxBytes()) return void socket.destroy();
      let value: unknown;
      try {
        value = JSON.parse(line.toString('utf8'));
      } catch {
        return void socket.destroy();
      }
      onLine(value);
      if (socket.destroyed) return;
    }
    pendingBytes += chunk.length - start;
    if (pendingBytes > maxBytes()) return void socket.destroy();
    pending.push(chunk.subarray(start));
  });
}

const send = (socket: Socket, message: unknown) =>
  void socket.write(`${JSON.stringify(message)}\n`);

const isChanges = (value: unknown): value is RecordChange[] =>
  Array.isArray(value) &&
  value.every(
    (change: Partial<RecordChange> | null) =>
      typeof change === 'object' &&
      change !== null &&
      typeof change.name === 'string' &&
      typeof change.value === 'string' &&
      typeof change.username === 'string' &&
      ['present', 'cleanup', 'update'].includes(change.kind as string),
  );

/** A connection from a peer, as the instance in turn answers on it. */
export interface PeerConnection {
  send(message: ToPeer): void;
}

/**
 * Where the instance in turn takes batches straight from its peers: each connection gets a
 * challenge and must answer it with {@link peerProof} of this instance's key before anything it
 * sends is read as a batch. Bounded: connections open at once, the time to prove, each line.
 */
export class PeerServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly key: string,
    private readonly onMessage: (peer: PeerConnection, message: ToHolder) => void,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Listens at `address`:`port`; resolves with the port (the one given, or the one chosen for 0). */
  listen(port: number, address: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, address, () => {
        this.server.off('error', reject);
        const bound = this.server.address();
        resolve(typeof bound === 'object' && bound ? bound.port : port);
      });
    });
  }

  private accept(socket: Socket): void {
    if (this.sockets.size >= MAX_CONNECTIONS) return void socket.destroy();
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setNoDelay(true);
    const challenge = randomBytes(32).toString('hex');
    const expected = Buffer.from(peerProof(this.key, challenge), 'hex');
    let proven = false;
    const unproven = setTimeout(() => socket.destroy(), PROOF_MS);
    socket.on('close', () => clearTimeout(unproven));
    const peer: PeerConnection = { send: (message) => send(socket, message) };
    readLines(
      socket,
      () => (proven ? PROVEN_LINE_BYTES : UNPROVEN_LINE_BYTES),
      (value) => {
        const message = value as Record<string, unknown> | null;
        if (!proven) {
          const proof = Buffer.from(String(message?.proof ?? ''), 'hex');
          if (proof.length !== expected.length || !timingSafeEqual(proof, expected))
            return void socket.destroy();
          proven = true;
          clearTimeout(unproven);
          return;
        }
        const id = message?.h ?? message?.j;
        if (typeof id !== 'string' || !isChanges(message?.changes)) return void socket.destroy();
        this.onMessage(peer, message as ToHolder);
      },
    );
    send(socket, { challenge });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A batch's end over a link: its result, or why it went unwritten. */
export type LinkAnswer = { readonly result: StoredResult } | 'not taken' | 'lost';

/**
 * A connection to the instance in turn, proven with its key: batches handed off on it are answered
 * on it. Closed (by either side, or a line that does not parse), every batch waiting is 'lost'.
 */
export class PeerLink {
  private readonly waiting = new Map<
    string,
    { answer(answer: LinkAnswer): void; left(count: number): void }
  >();

  private constructor(private readonly socket: Socket) {
    socket.on('close', () => {
      for (const waiter of this.waiting.values()) waiter.answer('lost');
      this.waiting.clear();
    });
  }

  /** Connects to `address`:`port` and proves it knows `key`, within `timeoutMs`. */
  static open(address: string, port: number, key: string, timeoutMs: number): Promise<PeerLink> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, address);
      socket.setNoDelay(true);
      const timer = setTimeout(
        () => socket.destroy(new Error('the peer did not answer')),
        timeoutMs,
      );
      let link: PeerLink | undefined;
      socket.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.on('close', () => {
        clearTimeout(timer);
        reject(new Error('the peer closed the connection'));
      });
      readLines(
        socket,
        () => PROVEN_LINE_BYTES,
        (value) => {
          const message = value as Record<string, unknown> | null;
          if (!link) {
            if (typeof message?.challenge !== 'string') return void socket.destroy();
            send(socket, { proof: peerProof(key, message.challenge) });
            clearTimeout(timer);
            link = new PeerLink(socket);
            // Not holding the service open: a link outlives its batches.
            socket.unref();
            return resolve(link);
          }
          link.heard(message as ToPeer | null);
        },
      );
    });
  }

  get closed(): boolean {
    return this.socket.destroyed;
  }

  /**
   * Hands off a batch under `id` (unique on this link); resolves with how it ended. `left` hears of
   * changes that joined it too late.
   */
  handOff(
    id: string,
    changes: readonly RecordChange[],
    left: (count: number) => void,
  ): Promise<LinkAnswer> {
    if (this.closed) return Promise.resolve('lost');
    return new Promise((resolve) => {
      this.waiting.set(id, {
        answer: (answer) => {
          this.waiting.delete(id);
          resolve(answer);
        },
        left,
      });
      send(this.socket, { h: id, changes });
    });
  }

  /** More changes for batch `id`, if it is not taken yet. */
  join(id: string, changes: readonly RecordChange[]): void {
    send(this.socket, { j: id, changes });
  }

  private heard(message: ToPeer | null): void {
    // Another instance's answers; anything else ends the link, as a line that does not parse does.
    if (typeof message !== 'object' || message === null) return this.close();
    if ('r' in message) this.waiting.get(message.r)?.answer({ result: message.result });
    else if ('n' in message) this.waiting.get(message.n)?.answer('not taken');
    else if ('left' in message) this.waiting.get(message.left)?.left(message.count);
  }

  close(): void {
    this.socket.destroy();
  }
}
