import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES: Record<string, string> = {
  // Logins update last_login_at: only what authentication and authorisation read counts.
  users: 'UPDATE OF "username", "password_hash", "is_admin", "is_active", "allowed_networks"',
  domains: 'UPDATE',
  domain_permissions: 'UPDATE',
};

// Written by hand: every committed change to what a request reads of accounts, by any instance or
// tool, notifies the channel the instances listen on to drop what they keep in memory.
export class AccountChangeNotices1796438000000 implements MigrationInterface {
  name = 'AccountChangeNotices1796438000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION "hlp_notify_account_changes"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('hlp_account_changes', ''); RETURN NULL; END $$`,
    );
    for (const [table, update] of Object.entries(TABLES)) {
      await queryRunner.query(
        `CREATE TRIGGER "hlp_account_changes" AFTER INSERT OR DELETE OR ${update} OR TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "hlp_notify_account_changes"()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of Object.keys(TABLES)) {
      await queryRunner.query(`DROP TRIGGER "hlp_account_changes" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION "hlp_notify_account_changes"()`);
  }
}
