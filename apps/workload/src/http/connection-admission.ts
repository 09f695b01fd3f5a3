import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { clientKey } from '../identity/client-key';

/** How many connections of one address are read before their first request's head has come. */
export interface AdmissionLimits {
  /**
   * Places per address. Four: a flood from one address then delays another address's request by
   * tens of milliseconds instead of hundreds, and 64 clients behind one address lose about 7 %
   * of their throughput (docs/benchmarks.md, "Authentication under attack").
   */
  readonly placesPerAddress: number;
  /**
   * How long a connection that has sent no request head keeps its place: a client's head comes
   * within a round trip of its connection; one that sends nothing costs nothing to read, so it
   * goes on without a place (the HTTP server's own timeouts end it) rather than keep its
   * address's other connections waiting.
   */
  readonly placeHeldMs: number;
}

export const ADMISSION_LIMITS: AdmissionLimits = { placesPerAddress: 4, placeHeldMs: 250 };

/**
 * Which connections are read now, and which wait, by the address they come from. A flood of
 * connections from one address (a thousand at once, each a wrong password) otherwise has the
 * event loop read, parse and refuse all of them before it reads the next client's request: about
 * 0.3 ms each, so that client waited 300 ms. Here each address has a few places; a connection
 * beyond them waits unread (its bytes stay in the kernel) until one of its own address's places
 * frees, so it never delays another address's connections. Nothing is refused: a connection
 * only waits for the ones before it from the same address.
 */
export class ConnectionAdmission {
  private readonly reading = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(private readonly placesPerAddress: number) {}

  /**
   * Calls `admit` now when `address` has a free place, or once one frees. Returns what gives the
   * place back (or withdraws the connection, while it waits): safe to call more than once.
   */
  offer(address: string, admit: () => void): () => void {
    let state: 'waiting' | 'admitted' | 'done' = 'waiting';
    const enter = () => {
      state = 'admitted';
      this.reading.set(address, (this.reading.get(address) ?? 0) + 1);
      admit();
    };
    if ((this.reading.get(address) ?? 0) < this.placesPerAddress) enter();
    else this.enqueue(address, enter);
    return () => {
      if (state === 'admitted') this.free(address);
      else if (state === 'waiting') this.withdraw(address, enter);
      state = 'done';
    };
  }

  private enqueue(address: string, enter: () => void): void {
    const queue = this.waiting.get(address);
    if (queue) queue.push(enter);
    else this.waiting.set(address, [enter]);
  }

  private withdraw(address: string, enter: () => void): void {
    const queue = this.waiting.get(address);
    const at = queue?.indexOf(enter) ?? -1;
    if (!queue || at < 0) return;
    queue.splice(at, 1);
    if (queue.length === 0) this.waiting.delete(address);
  }

  private free(address: string): void {
    const left = (this.reading.get(address) ?? 1) - 1;
    if (left > 0) this.reading.set(address, left);
    else this.reading.delete(address);
    const queue = this.waiting.get(address);
    const next = queue?.shift();
    if (queue?.length === 0) this.waiting.delete(address);
    next?.();
  }
}

/** What the HTTP server's handlers tell the admission, and what shutdown asks of it. */
export interface FairConnections {
  /** A connection's request head has arrived: its place goes to the next one of its address. */
  started(socket: Socket): void;
  /** Connections still waiting for a place, closed (shutdown: they were never read). */
  dropWaiting(): void;
}

/**
 * Tells how many connections wait for a place (`waiting`), each time that changes; `arrived` when
 * it changed because one more had to wait.
 */
export type WaitingObserver = (waiting: number, arrived: boolean) => void;

/**
 * Puts {@link ConnectionAdmission} in front of `server`'s own handling of connections: each is
 * accepted paused (nothing read) and handed to the HTTP server once its address has a place.
 * `exempt` addresses (the trusted proxies, which carry everyone's requests) are read at once.
 */
export function admitConnectionsFairly(
  server: Server,
  exempt: (address: string) => boolean,
  observe: WaitingObserver = () => undefined,
  limits: AdmissionLimits = ADMISSION_LIMITS,
): FairConnections {
  const admission = new ConnectionAdmission(limits.placesPerAddress);
  const places = new WeakMap<Socket, () => void>();
  const waiting = new Set<Socket>();
  const stopWaiting = (socket: Socket) => {
    if (waiting.delete(socket)) observe(waiting.size, false);
  };
  // Node's HTTP server takes a connection in its own 'connection' listener: called here instead,
  // once the connection's turn has come.
  const [httpConnection] = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeListener('connection', httpConnection);
  // Read by net.Server for each connection it accepts (the option `net.createServer` takes).
  (server as Server & { pauseOnConnect: boolean }).pauseOnConnect = true;
  const read = (socket: Socket) => {
    httpConnection.call(server, socket);
    socket.resume();
  };
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    if (exempt(address)) {
      read(socket);
      return;
    }
    let held: NodeJS.Timeout | undefined;
    let admitted = false;
    const giveBack = () => {
      clearTimeout(held);
      places.delete(socket);
      stopWaiting(socket);
      release();
    };
    // By client as the abuse limits count them: an IPv6 /64 is one client, as an IPv4 address.
    const release = admission.offer(clientKey(address), () => {
      admitted = true;
      stopWaiting(socket);
      places.set(socket, giveBack);
      held = setTimeout(giveBack, limits.placeHeldMs).unref();
      read(socket);
    });
    if (!admitted) {
      waiting.add(socket);
      observe(waiting.size, true);
    }
    socket.once('close', giveBack);
  });
  return {
    started: (socket) => places.get(socket)?.(),
    dropWaiting: () => {
      for (const socket of waiting) socket.destroy();
    },
  };
}
