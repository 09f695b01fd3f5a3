import { createHash } from 'node:crypto';
import { Client, type Notification } from 'pg';
import { preparedStatement } from './prepared-statement';
import { serialStatements, type Statements } from './serial-statements';

/** A turn held: whether another instance held it just before, and the connection that holds it. */
export interface HeldTurn {
  readonly afterAnother: boolean;
  /** Statements sent here run in order with the turn's release. */
  readonly connection: Statements;
}

/** The turns' connection: its statements, one after another, and its end. */
interface Connection extends Statements {
  end(): Promise<void>;
}

/** SQLSTATE lock_not_available: the wait for the lock outlasted lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Turns at some work shared by the service's instances, through a PostgreSQL session-level
 * advisory lock on a connection of its own (not the pool's, which requests need). PostgreSQL
 * grants waiters in the order they asked, so turns are fair; a crashed instance's connection
 * dies with it, and its turn with that. A wait is bounded by lock_timeout: a peer stuck in its
 * turn delays the work, never stops it. One turn at a time per object. The same connection may
 * LISTEN on a channel, for what the instances tell each other about their turns.
 */
export class AdvisoryTurns {
  /** The lock's key: the same name gives the same key in every instance. */
  readonly key: string;
  /** The connection's `application_name`, as other sessions see it: the same in every instance. */
  readonly applicationName: string;
  private connecting?: Promise<Connection>;
  /** What `connecting` resolved to. */
  private connected?: Connection;
  private closed = false;

  constructor(
    private readonly options: {
      readonly url: string;
      /** What the turns are for: the same name gives the same lock in every instance. */
      readonly name: string;
      readonly waitMs: number;
      /** The turn did not come (the wait timed out, the database did not answer): the work ran without it. */
      readonly onNoTurn: (error: unknown) => void;
      /** A channel to LISTEN on, and who hears its notices (with this connection's backend pid). */
      readonly listen?: {
        readonly channel: string;
        readonly onNotice: (notice: Notification, ownPid: number) => void;
      };
      /** Runs on each new connection before its first turn; should it fail, the connection serves all the same. */
      readonly onConnected?: (connection: Statements) => Promise<void>;
    },
  ) {
    this.key = createHash('sha256').update(options.name).digest().readBigInt64BE(0).toString();
    this.applicationName = `httprequest-lego-provider turns ${this.key}`;
  }

  /** Runs `work` in a turn, waiting in line for it; without one (undefined) when it did not come. */
  async take<T>(work: (turn: HeldTurn | undefined) => Promise<T>): Promise<T> {
    // At shutdown, a batch still in flight goes without a turn rather than open a connection again.
    if (this.closed) return work(undefined);
    let held: HeldTurn;
    try {
      // Free: one round trip. Held: wait in line, and say so (the holder has likely pushed).
      held = (await this.tryTake(false)) ?? (await this.waitTake());
    } catch (error) {
      this.options.onNoTurn(error);
      return work(undefined);
    }
    try {
      return await work(held);
    } finally {
      await this.release(held);
    }
  }

  /** The turn if nobody holds it now; undefined otherwise. Throws when the database fails. */
  async tryTake(afterAnother: boolean): Promise<HeldTurn | undefined> {
    const connection = this.connect();
    try {
      const client = await connection;
      const [{ free }] = (
        await client.query<{ free: boolean }>(
          preparedStatement('try-turn', 'SELECT pg_try_advisory_lock($1) AS free', [this.key]),
        )
      ).rows;
      return free ? { afterAnother, connection: client } : undefined;
    } catch (error) {
      this.forget(connection);
      throw error;
    }
  }

  /** Waits in line for the turn, for at most `waitMs` (then throws, SQLSTATE 55P03). */
  async waitTake(): Promise<HeldTurn> {
    const connection = this.connect();
    try {
      const client = await connection;
      await client.query(preparedStatement('wait-turn', 'SELECT pg_advisory_lock($1)', [this.key]));
      return { afterAnother: true, connection: client };
    } catch (error) {
      if ((error as { code?: unknown }).code !== LOCK_NOT_AVAILABLE) this.forget(connection);
      throw error;
    }
  }

  /** Ends a turn. A connection that broke has lost the lock already; the next turn connects again. */
  async release(held: HeldTurn): Promise<void> {
    await held.connection
      .query(preparedStatement('end-turn', 'SELECT pg_advisory_unlock($1)', [this.key]))
      .catch(() => this.forgetHeld(held.connection));
  }

  /** The connection, opened on the first turn and again after it broke. */
  connection(): Promise<Statements> {
    return this.connect();
  }

  private connect(): Promise<Connection> {
    if (this.closed) return Promise.reject(new Error('the turns are closed'));
    if (this.connecting) return this.connecting;
    const client = new Client({
      connectionString: this.options.url,
      application_name: this.applicationName,
    });
    const listen = this.options.listen;
    let pid = 0;
    if (listen) client.on('notification', (notice) => listen.onNotice(notice, pid));
    const connecting = client
      .connect()
      .then(() => client.query(`SET lock_timeout = ${Math.round(this.options.waitMs)}`))
      // What is written here only helps the instances along (a hand-off, its answer, a push's
      // record): one a database crash loses is written again, or fetched. No commit waits for
      // the disk.
      .then(() => client.query('SET synchronous_commit = off'))
      .then(async () => {
        if (!listen) return;
        await client.query(`LISTEN ${listen.channel}`);
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        pid = rows[0].pid;
      })
      .then(
        async (): Promise<Connection> => {
          const connection = { ...serialStatements(client), end: () => client.end() };
          await this.options.onConnected?.(connection).catch(() => undefined);
          if (this.connecting === connecting) this.connected = connection;
          return connection;
        },
        (error: unknown) => {
          void client.end().catch(() => undefined);
          throw error;
        },
      );
    // A connection that breaks while idle emits 'error': forget it rather than crash.
    client.on('error', () => this.forget(connecting));
    this.connecting = connecting;
    return connecting;
  }

  private forget(connecting: Promise<Connection>): void {
    if (this.connecting === connecting) {
      this.connecting = undefined;
      this.connected = undefined;
    }
    void connecting.then((connection) => connection.end()).catch(() => undefined);
  }

  /** Forgets the connection a turn was held on, if it is still the one (else it is ended already). */
  private forgetHeld(statements: Statements): void {
    if (this.connected === statements && this.connecting) this.forget(this.connecting);
  }

  /** Ends the connection (and any turn held on it). */
  async close(): Promise<void> {
    this.closed = true;
    const connecting = this.connecting;
    this.connecting = undefined;
    await connecting?.then((connection) => connection.end()).catch(() => undefined);
  }
}
