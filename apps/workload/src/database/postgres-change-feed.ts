import { Client } from 'pg';
import type { ChangeFeed } from './account-reads';

/** The channel the account tables' triggers notify (migration AccountChangeNotices). */
export const ACCOUNT_CHANGES_CHANNEL = 'hlp_account_changes';

/**
 * Changes to accounts as PostgreSQL announces them: a connection of its own LISTENs on the
 * channel the tables' triggers notify at every committed change, whichever instance or tool made
 * it. Every notice, and every (re)connection, starts a new generation; while the connection is
 * down there is none, so nothing is answered from memory that a missed notice could have changed.
 */
export class PostgresChangeFeed implements ChangeFeed {
  private current?: number;
  private counter = 0;
  private client?: Client;
  private retry?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly options: {
      readonly url: string;
      /** Wait before listening again after the connection broke. */
      readonly retryMs: number;
      readonly onLost: (error: unknown) => void;
    },
  ) {}

  generation(): number | undefined {
    return this.current;
  }

  /** Starts listening; resolves once listening or once the first attempt failed (it retries). */
  async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.options.url,
      application_name: 'httprequest-lego-provider account changes',
    });
    this.client = client;
    client.on('notification', () => this.moveOn(client));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${ACCOUNT_CHANGES_CHANNEL}`);
      this.moveOn(client);
    } catch (error) {
      this.lost(client, error);
    }
  }

  private moveOn(client: Client): void {
    if (this.client === client) this.current = ++this.counter;
  }

  private lost(client: Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.current = undefined;
    void client.end().catch(() => undefined);
    if (this.closed) return;
    this.options.onLost(error);
    this.retry = setTimeout(() => void this.listen(), this.options.retryMs);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    this.current = undefined;
    await client?.end().catch(() => undefined);
  }
}
