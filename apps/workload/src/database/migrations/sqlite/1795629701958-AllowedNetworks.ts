import { MigrationInterface, QueryRunner } from 'typeorm';

export class AllowedNetworks1795629701958 implements MigrationInterface {
  name = 'AllowedNetworks1795629701958';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "temporary_users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "username" varchar(150) NOT NULL, "email" varchar(254) NOT NULL DEFAULT (''), "password_hash" varchar(255) NOT NULL, "is_admin" boolean NOT NULL DEFAULT (0), "is_active" boolean NOT NULL DEFAULT (1), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "last_login_at" datetime, "allowed_networks" varchar(2048), CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_users"("id", "username", "email", "password_hash", "is_admin", "is_active", "created_at", "updated_at", "last_login_at") SELECT "id", "username", "email", "password_hash", "is_admin", "is_active", "created_at", "updated_at", "last_login_at" FROM "users"`,
    );
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`ALTER TABLE "temporary_users" RENAME TO "users"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" RENAME TO "temporary_users"`);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "username" varchar(150) NOT NULL, "email" varchar(254) NOT NULL DEFAULT (''), "password_hash" varchar(255) NOT NULL, "is_admin" boolean NOT NULL DEFAULT (0), "is_active" boolean NOT NULL DEFAULT (1), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "last_login_at" datetime, CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"))`,
    );
    await queryRunner.query(
      `INSERT INTO "users"("id", "username", "email", "password_hash", "is_admin", "is_active", "created_at", "updated_at", "last_login_at") SELECT "id", "username", "email", "password_hash", "is_admin", "is_active", "created_at", "updated_at", "last_login_at" FROM "temporary_users"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_users"`);
  }
}
