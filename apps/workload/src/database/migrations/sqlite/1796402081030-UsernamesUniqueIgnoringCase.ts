import { MigrationInterface, QueryRunner } from 'typeorm';
import { refuseUsernamesDifferingInCase } from '../../usernames-differing-in-case';

// Written by hand: TypeORM cannot generate an index on an expression.
export class UsernamesUniqueIgnoringCase1796402081030 implements MigrationInterface {
  name = 'UsernamesUniqueIgnoringCase1796402081030';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await refuseUsernamesDifferingInCase(queryRunner);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_users_username_lower" ON "users" (lower("username"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_users_username_lower"`);
  }
}
