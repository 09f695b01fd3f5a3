import { Client } from 'pg';
import { AccountsService } from '../src/accounts/accounts.service';
import { DomainsService } from '../src/domains/domains.service';
import { type ChallengeApp, txtValue as value, useChallengeApp } from './support/challenges';
import type { Engine } from './support/databases';
import { waitFor } from './support/ports';
import { describeWithPostgres } from './support/requirements';
import { createUser, type TestUser } from './support/users';

const LISTENER = 'httprequest-lego-provider account changes';

/**
 * The challenge app on `engine`; users granted example.com whose credentials and grants the
 * server has read once (`idOf` finds their id in the database); and the test both engines share.
 */
function useAccountReads(
  engine: Engine,
  idOf: (app: ChallengeApp, username: string) => Promise<number>,
) {
  const { current, present } = useChallengeApp(engine);
  let serial = 0;

  async function knownUser(): Promise<TestUser & { id: number }> {
    serial += 1;
    const user = await createUser(current().testApp.app, `carol${serial}`, {
      domains: ['example.com'],
    });
    const id = await idOf(current(), user.username);
    await present({ fqdn: '_acme-challenge.example.com', value: value() }, user).expect(204);
    return { ...user, id };
  }

  const presentStatus = async (user: TestUser) =>
    (await present({ fqdn: '_acme-challenge.example.com', value: value() }, user)).status;

  /** Whatever the server keeps, a change made through it counts on the next request. */
  function itSeesItsOwnChanges(): void {
    it('sees its own changes on the very next request', async () => {
      const { app } = current().testApp;
      const carol = await knownUser();
      await app.get(DomainsService).revoke(carol.username, { domains: ['example.com'] });
      expect(await presentStatus(carol)).toBe(403);

      const dave = await knownUser();
      await app.get(AccountsService).setActive(dave.username, false);
      expect(await presentStatus(dave)).toBe(401);
    });
  }

  return { current, present, knownUser, presentStatus, itSeesItsOwnChanges };
}

/** One statement on a connection of its own: another instance, or a tool, on the same database. */
async function onPostgres<R extends object = object>(
  url: string,
  sql: string,
  values: unknown[] = [],
) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query<R>(sql, values);
  } finally {
    await client.end();
  }
}

/**
 * On PostgreSQL the server keeps each user's credentials and grants in memory between requests
 * and drops them when the database announces a change (src/database/account-reads.ts). A change
 * made with the tables' triggers disabled sends no notice: seeing it, or not, tells whether the
 * answer came from memory.
 */
describeWithPostgres('account reads kept in memory')(
  'account reads kept in memory on postgres',
  () => {
    const { current, present, knownUser, presentStatus, itSeesItsOwnChanges } = useAccountReads(
      'postgres',
      async (app, username) =>
        (
          await onPostgres<{ id: number }>(
            app.environment.database.url,
            'SELECT id FROM users WHERE username = $1',
            [username],
          )
        ).rows[0].id,
    );
    const other = {
      query: <R extends object = object>(sql: string, values?: unknown[]) =>
        onPostgres<R>(current().environment.database.url, sql, values),
    };

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

    itSeesItsOwnChanges();

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

/** The part of better-sqlite3's connection used here. */
interface SqliteConnection {
  prepare(sql: string): { run(...values: unknown[]): unknown; get(...values: unknown[]): unknown };
  close(): void;
}

/** The server's own connection to its SQLite database. */
const serverConnection = (app: ChallengeApp) =>
  (app.testApp.dataSource.driver as unknown as { databaseConnection: SqliteConnection })
    .databaseConnection;

/**
 * On SQLite the server keeps them while `PRAGMA data_version` stays (it changes when another
 * connection commits). A statement run on the server's own connection behind TypeORM's back
 * changes neither data_version nor what the server counts of its own writes: seeing it, or not,
 * tells whether the answer came from memory.
 */
describe('account reads kept in memory on sqlite', () => {
  const { current, knownUser, presentStatus, itSeesItsOwnChanges } = useAccountReads(
    'sqlite',
    async (app, username) =>
      (
        serverConnection(app).prepare('SELECT id FROM users WHERE username = ?').get(username) as {
          id: number;
        }
      ).id,
  );

  it('answers from memory while nothing changed', async () => {
    const carol = await knownUser();
    serverConnection(current())
      .prepare('DELETE FROM domain_permissions WHERE user_id = ?')
      .run(carol.id);
    expect(await presentStatus(carol)).toBe(204);
  });

  it('sees a change committed by another connection (the CLI, say) on the next request', async () => {
    const carol = await knownUser();
    // Another connection to the same file, opened as the server's was.
    const Connection = serverConnection(current()).constructor as new (
      path: string,
    ) => SqliteConnection;
    const other = new Connection(current().environment.database.url.replace(/^sqlite:/, ''));
    try {
      other.prepare('DELETE FROM domain_permissions WHERE user_id = ?').run(carol.id);
    } finally {
      other.close();
    }
    expect(await presentStatus(carol)).toBe(403);
  });

  itSeesItsOwnChanges();
});
