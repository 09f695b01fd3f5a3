import { MigrationInterface, QueryRunner } from 'typeorm';

export class AdminAuth1795627962819 implements MigrationInterface {
  name = 'AdminAuth1795627962819';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "admin_sessions" ("id" varchar(64) PRIMARY KEY NOT NULL, "user_id" integer NOT NULL, "expires_at" datetime NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_admin_sessions_user" ON "admin_sessions" ("user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("id" varchar(36) PRIMARY KEY NOT NULL, "user_id" integer NOT NULL, "family" varchar(36) NOT NULL, "expires_at" datetime NOT NULL, "used_at" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_refresh_tokens_user" ON "refresh_tokens" ("user_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_refresh_tokens_family" ON "refresh_tokens" ("family") `,
    );
    await queryRunner.query(`DROP INDEX "ix_admin_sessions_user"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_admin_sessions" ("id" varchar(64) PRIMARY KEY NOT NULL, "user_id" integer NOT NULL, "expires_at" datetime NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_71a5ecdb84e8f26a712f6c657e4" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_admin_sessions"("id", "user_id", "expires_at", "created_at") SELECT "id", "user_id", "expires_at", "created_at" FROM "admin_sessions"`,
    );
    await queryRunner.query(`DROP TABLE "admin_sessions"`);
    await queryRunner.query(`ALTER TABLE "temporary_admin_sessions" RENAME TO "admin_sessions"`);
    await queryRunner.query(
      `CREATE INDEX "ix_admin_sessions_user" ON "admin_sessions" ("user_id") `,
    );
    await queryRunner.query(`DROP INDEX "ix_refresh_tokens_user"`);
    await queryRunner.query(`DROP INDEX "ix_refresh_tokens_family"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_refresh_tokens" ("id" varchar(36) PRIMARY KEY NOT NULL, "user_id" integer NOT NULL, "family" varchar(36) NOT NULL, "expires_at" datetime NOT NULL, "used_at" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_refresh_tokens"("id", "user_id", "family", "expires_at", "used_at", "created_at") SELECT "id", "user_id", "family", "expires_at", "used_at", "created_at" FROM "refresh_tokens"`,
    );
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`ALTER TABLE "temporary_refresh_tokens" RENAME TO "refresh_tokens"`);
    await queryRunner.query(
      `CREATE INDEX "ix_refresh_tokens_user" ON "refresh_tokens" ("user_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_refresh_tokens_family" ON "refresh_tokens" ("family") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_refresh_tokens_family"`);
    await queryRunner.query(`DROP INDEX "ix_refresh_tokens_user"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" RENAME TO "temporary_refresh_tokens"`);
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("id" varchar(36) PRIMARY KEY NOT NULL, "user_id" integer NOT NULL, "family" varchar(36) NOT NULL, "expires_at" datetime NOT NULL, "used_at" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "refresh_tokens"("id", "user_id", "family", "expires_at", "used_at", "created_at") SELECT "id", "user_id", "family", "expires_at", "used_at", "created_at" FROM "temporary_refresh_tokens"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_refresh_tokens"`);
    await queryRunner.query(
      `CREATE INDEX "ix_refresh_tokens_family" ON "refresh_tokens" ("family") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_refresh_tokens_user" ON "refresh_tokens" ("user_id") `,
    );
    await queryRunner.query(`DROP INDEX "ix_admin_sessions_user"`);
    await queryRunner.query(`ALTER TABLE "admin_sessions" RENAME TO "temporary_admin_sessions"`);
    await queryRunner.query(
      `CREATE TABLE "admin_sessions" ("id" varchar(64) PRIMARY KEY NOT NULL, "user_id" integer NOT NULL, "expires_at" datetime NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "admin_sessions"("id", "user_id", "expires_at", "created_at") SELECT "id", "user_id", "expires_at", "created_at" FROM "temporary_admin_sessions"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_admin_sessions"`);
    await queryRunner.query(
      `CREATE INDEX "ix_admin_sessions_user" ON "admin_sessions" ("user_id") `,
    );
    await queryRunner.query(`DROP INDEX "ix_refresh_tokens_family"`);
    await queryRunner.query(`DROP INDEX "ix_refresh_tokens_user"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "ix_admin_sessions_user"`);
    await queryRunner.query(`DROP TABLE "admin_sessions"`);
  }
}
