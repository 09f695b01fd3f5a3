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
