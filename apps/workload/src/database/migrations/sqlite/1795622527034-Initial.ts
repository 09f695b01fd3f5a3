import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795622527034 implements MigrationInterface {
  name = 'Initial1795622527034';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "username" varchar(150) NOT NULL, "email" varchar(254) NOT NULL DEFAULT (''), "password_hash" varchar(255) NOT NULL, "is_admin" boolean NOT NULL DEFAULT (0), "is_active" boolean NOT NULL DEFAULT (1), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "last_login_at" datetime, CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "domains" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "fqdn" varchar(253) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_76f3d3201b950f330676f061ed5" UNIQUE ("fqdn"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "domain_permissions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "domain_id" integer NOT NULL, "access_level" varchar(9) NOT NULL, "text" varchar(255), "created_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "ck_domain_permissions_access_level" CHECK ("access_level" IN ('domain', 'subdomain')))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_domain_permissions_domain" ON "domain_permissions" ("domain_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_domain_permissions_user_domain_level" ON "domain_permissions" ("user_id", "domain_id", "access_level") `,
    );
    await queryRunner.query(`DROP INDEX "ix_domain_permissions_domain"`);
    await queryRunner.query(`DROP INDEX "uq_domain_permissions_user_domain_level"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_domain_permissions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "domain_id" integer NOT NULL, "access_level" varchar(9) NOT NULL, "text" varchar(255), "created_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "ck_domain_permissions_access_level" CHECK ("access_level" IN ('domain', 'subdomain')), CONSTRAINT "FK_617d7ba6e981e0e5ab0e66a28c4" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_c61781fa9fd670550fe7bc85fd7" FOREIGN KEY ("domain_id") REFERENCES "domains" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_domain_permissions"("id", "user_id", "domain_id", "access_level", "text", "created_at") SELECT "id", "user_id", "domain_id", "access_level", "text", "created_at" FROM "domain_permissions"`,
    );
    await queryRunner.query(`DROP TABLE "domain_permissions"`);
    await queryRunner.query(
      `ALTER TABLE "temporary_domain_permissions" RENAME TO "domain_permissions"`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_domain_permissions_domain" ON "domain_permissions" ("domain_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_domain_permissions_user_domain_level" ON "domain_permissions" ("user_id", "domain_id", "access_level") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_domain_permissions_user_domain_level"`);
    await queryRunner.query(`DROP INDEX "ix_domain_permissions_domain"`);
    await queryRunner.query(
      `ALTER TABLE "domain_permissions" RENAME TO "temporary_domain_permissions"`,
    );
    await queryRunner.query(
      `CREATE TABLE "domain_permissions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "domain_id" integer NOT NULL, "access_level" varchar(9) NOT NULL, "text" varchar(255), "created_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "ck_domain_permissions_access_level" CHECK ("access_level" IN ('domain', 'subdomain')))`,
    );
    await queryRunner.query(
      `INSERT INTO "domain_permissions"("id", "user_id", "domain_id", "access_level", "text", "created_at") SELECT "id", "user_id", "domain_id", "access_level", "text", "created_at" FROM "temporary_domain_permissions"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_domain_permissions"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_domain_permissions_user_domain_level" ON "domain_permissions" ("user_id", "domain_id", "access_level") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_domain_permissions_domain" ON "domain_permissions" ("domain_id") `,
    );
    await queryRunner.query(`DROP INDEX "uq_domain_permissions_user_domain_level"`);
    await queryRunner.query(`DROP INDEX "ix_domain_permissions_domain"`);
    await queryRunner.query(`DROP TABLE "domain_permissions"`);
    await queryRunner.query(`DROP TABLE "domains"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
