import { Client } from 'pg';
import { AccountsService } from '../src/accounts/accounts.service';
import { DomainsService } from '../src/domains/domains.service';
import { txtValue as value, useChallengeApp } from './support/challenges';
import { waitFor } from './support/ports';
import { describeWithPostgres } from './support/requirements';
import { createUser, type TestUser } from './support/users';

const LISTENER = 'httprequest-lego-provider account changes';

/**
 * On PostgreSQL the server keeps each user's credentials and grants in memory between requests
 * and drops them when the database announces a change (src/database/account-reads.ts). A change
 * made with the tables' triggers disabled sends no notice: seeing it, or not, tells whether the
 * answer came from memory.
 */
describeWithPostgres('account reads kept in memory')(
  'account reads kept in memory on postgres',
  () => {
    const { current, present } = useChallengeApp('postgres');
    let serial = 0;

    /** Another instance, or a tool, on the same database: a connection for each statement. */
    const other = {
      async query<R extends object = object>(sql: string, values: unknown[] = []) {
        const client = new Client({ connectionString: current().environment.database.url });
        await client.connect();
        try {
          return await client.query<R>(sql, values);
        } finally {
          await client.end();
        }
      },
    };

    /** A new user granted example.com, whose credentials and grants the server has read once. */
    async function knownUser(): Promise<TestUser & { id: number }> {
      serial += 1;
      const user = await createUser(current().testApp.app, `carol${serial}`, {
        domains: ['example.com'],
      });
      const {
        rows: [{ id }],
      } = await other.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [
        user.username,
      ]);
      await present({ fqdn: '_acme-challenge.example.com', value: value() }, user).expect(204);
      return { ...user, id };
    }

    const presentStatus = async (user: TestUser) =>
      (await present({ fqdn: '_acme-challenge.example.com', value: value() }, user)).status;

    /** Deletes the user's grants where no notice is sent. */
    async function revokeSilently(userId: number): Promise<void> {
      await other.query(
        'BEGIN; ALTER TABLE domain_permissions DISABLE TRIGGER hlp_account_changes; ' +
          `DELETE FROM domain_permissions WHERE user_id = ${Number(userId)}; ` +
          'ALTER TABLE domain_permissions ENABLE TRIGGER hlp_account_changes; COMMIT',
      );
    }

    const listening = async () =>
      (
        await other.query(
          'SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
          [LISTENER],
        )
      ).rowCount === 1;

    it('answers from memory while no change is announced', async () => {
      const carol = await knownUser();
      await revokeSilently(carol.id);
      expect(await presentStatus(carol)).toBe(204);
    });

    it('reads again once another instance’s change is announced', async () => {
      const carol = await knownUser();
      await revokeSilently(carol.id);
      // A statement that changes no row still fires the statement trigger: the notice alone.
      await other.query('DELETE FROM domain_permissions WHERE user_id = $1', [carol.id]);
      await waitFor(
        'the notice to reach the server',
        async () => (await presentStatus(carol)) === 403,
      );
      const { body } = await present(
        { fqdn: '_acme-challenge.example.com', value: value() },
        carol,
      );
      expect(body).toEqual({
        error: 'forbidden',
        message: `The user ${carol.username} does not have permission to manage _acme-challenge.example.com`,
      });
    });

    it('sees its own changes on the very next request', async () => {
      const { app } = current().testApp;
      const carol = await knownUser();
      await app.get(DomainsService).revoke(carol.username, { domains: ['example.com'] });
      expect(await presentStatus(carol)).toBe(403);

      const dave = await knownUser();
      await app.get(AccountsService).setActive(dave.username, false);
      expect(await presentStatus(dave)).toBe(401);
    });

    it('reads every request from the database while it cannot hear changes, and listens again', async () => {
      await waitFor('the listener', listening);
      const carol = await knownUser();
      await other.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
        [LISTENER],
      );
      // Once the server knows the connection is gone, nothing comes from memory.
      await revokeSilently(carol.id);
      await waitFor(
        'the server to read from the database',
        async () => (await presentStatus(carol)) === 403,
      );

      await waitFor('the listener to come back', listening);
      const erin = await knownUser();
      await revokeSilently(erin.id);
      expect(await presentStatus(erin)).toBe(204);
    });
  },
);

/**
 * On SQLite the server keeps them while `PRAGMA data_version` stays (it changes when another
 * connection commits). A statement run on the server's own connection behind TypeORM's back
 * changes neither data_version nor what the server counts of its own writes: seeing it, or not,
 * tells whether the answer came from memory.
 */
/** The part of better-sqlite3's connection used here. */
interface SqliteConnection {
  prepare(sql: string): { run(...values: unknown[]): unknown; get(...values: unknown[]): unknown };
  close(): void;
}

describe('account reads kept in memory on sqlite', () => {
  const { current, present } = useChallengeApp('sqlite');
  let serial = 0;

  const serverConnection = () =>
    (current().testApp.dataSource.driver as unknown as { databaseConnection: SqliteConnection })
      .databaseConnection;

  /** A new user granted example.com, whose credentials and grants the server has read once. */
  async function knownUser(): Promise<TestUser & { id: number }> {
    serial += 1;
    const user = await createUser(current().testApp.app, `carol${serial}`, {
      domains: ['example.com'],
    });
    const { id } = serverConnection()
      .prepare('SELECT id FROM users WHERE username = ?')
      .get(user.username) as { id: number };
    await present({ fqdn: '_acme-challenge.example.com', value: value() }, user).expect(204);
    return { ...user, id };
  }

  const presentStatus = async (user: TestUser) =>
    (await present({ fqdn: '_acme-challenge.example.com', value: value() }, user)).status;

  it('answers from memory while nothing changed', async () => {
    const carol = await knownUser();
    serverConnection().prepare('DELETE FROM domain_permissions WHERE user_id = ?').run(carol.id);
    expect(await presentStatus(carol)).toBe(204);
  });

  it('sees a change committed by another connection (the CLI, say) on the next request', async () => {
    const carol = await knownUser();
    // Another connection to the same file, opened as the server's was.
    const Connection = serverConnection().constructor as new (path: string) => SqliteConnection;
    const other = new Connection(current().environment.database.url.replace(/^sqlite:/, ''));
    try {
      other.prepare('DELETE FROM domain_permissions WHERE user_id = ?').run(carol.id);
    } finally {
      other.close();
    }
    expect(await presentStatus(carol)).toBe(403);
  });

  it('sees its own changes on the very next request', async () => {
    const { app } = current().testApp;
    const carol = await knownUser();
    await app.get(DomainsService).revoke(carol.username, { domains: ['example.com'] });
    expect(await presentStatus(carol)).toBe(403);

    const dave = await knownUser();
    await app.get(AccountsService).setActive(dave.username, false);
    expect(await presentStatus(dave)).toBe(401);
  });
});
