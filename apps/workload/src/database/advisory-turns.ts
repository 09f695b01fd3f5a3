import { createHash } from 'node:crypto';
import { Client } from 'pg';

/** A turn held: whether another instance held it just before, and the connection that holds it. */
export interface HeldTurn {
  readonly afterAnother: boolean;
  /** Statements sent here run in order with the turn's release. */
  readonly connection: Client;
}

/** SQLSTATE lock_not_available: the wait for the lock outlasted lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Turns at some work shared by the service's instances, through a PostgreSQL session-level
 * advisory lock on a connection of its own (not the pool's, which requests need). PostgreSQL
 * grants waiters in the order they asked, so turns are fair; a crashed instance's connection
 * dies with it, and its turn with that. A wait is bounded by lock_timeout: a peer stuck in its
 * turn delays the work, never stops it. One turn at a time per object.
 */
export class AdvisoryTurns {
  private readonly key: string;
  private connecting?: Promise<Client>;
  private closed = false;

  constructor(
    private readonly options: {
      readonly url: string;
      /** What the turns are for: the same name gives the same lock in every instance. */
      readonly name: string;
      readonly waitMs: number;
      /** The turn did not come (the wait timed out, the database did not answer): the work ran without it. */
      readonly onNoTurn: (error: unknown) => void;
    },
  ) {
    this.key = createHash('sha256').update(options.name).digest().readBigInt64BE(0).toString();
  }

  /** Runs `work` in a turn; without one (undefined) when the turn did not come. */
  async take<T>(work: (turn: HeldTurn | undefined) => Promise<T>): Promise<T> {
    // At shutdown, a batch still in flight goes without a turn rather than open a connection again.
    if (this.closed) return work(undefined);
    const connection = this.connection();
    let client: Client;
    let afterAnother: boolean;
    try {
      client = await connection;
      // Free: one round trip. Held: wait in line, and say so (the holder has likely pushed).
      const [{ free }] = (
        await client.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1) AS free', [this.key])
      ).rows;
      afterAnother = !free;
      if (afterAnother) await client.query('SELECT pg_advisory_lock($1)', [this.key]);
    } catch (error) {
      if ((error as { code?: unknown }).code !== LOCK_NOT_AVAILABLE) this.forget(connection);
      this.options.onNoTurn(error);
      return work(undefined);
    }
    try {
      return await work({ afterAnother, connection: client });
    } finally {
      // A connection that broke has lost the lock already; the next turn connects again.
      await client
        .query('SELECT pg_advisory_unlock($1)', [this.key])
        .catch(() => this.forget(connection));
    }
  }

  /** The connection, opened on the first turn and again after it broke. */
  private connection(): Promise<Client> {
    if (this.connecting) return this.connecting;
    const client = new Client({
      connectionString: this.options.url,
      application_name: 'httprequest-lego-provider turns',
    });
    const connecting = client
      .connect()
      .then(() => client.query(`SET lock_timeout = ${Math.round(this.options.waitMs)}`))
      .then(
        () => client,
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

  private forget(connection: Promise<Client>): void {
    if (this.connecting === connection) this.connecting = undefined;
    void connection.then((client) => client.end()).catch(() => undefined);
  }

  /** Ends the connection (and any turn held on it). */
  async close(): Promise<void> {
    this.closed = true;
    const connecting = this.connecting;
    this.connecting = undefined;
    await connecting?.then((client) => client.end()).catch(() => undefined);
  }
}
