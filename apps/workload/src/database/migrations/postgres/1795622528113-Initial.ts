import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795622528113 implements MigrationInterface {
  name = 'Initial1795622528113';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "users" ("id" SERIAL NOT NULL, "username" character varying(150) NOT NULL, "email" character varying(254) NOT NULL DEFAULT '', "password_hash" character varying(255) NOT NULL, "is_admin" boolean NOT NULL DEFAULT false, "is_active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), "last_login_at" TIMESTAMP, CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "domains" ("id" SERIAL NOT NULL, "fqdn" character varying(253) NOT NULL, "created_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_76f3d3201b950f330676f061ed5" UNIQUE ("fqdn"), CONSTRAINT "PK_05a6b087662191c2ea7f7ddfc4d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "domain_permissions" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "domain_id" integer NOT NULL, "access_level" character varying(9) NOT NULL, "text" character varying(255), "created_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "ck_domain_permissions_access_level" CHECK ("access_level" IN ('domain', 'subdomain')), CONSTRAINT "PK_e5d0a6402bd78de1a3585fa8ac8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_domain_permissions_domain" ON "domain_permissions"  ("domain_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_domain_permissions_user_domain_level" ON "domain_permissions"  ("user_id", "domain_id", "access_level") `,
    );
    await queryRunner.query(
      `ALTER TABLE "domain_permissions" ADD CONSTRAINT "FK_617d7ba6e981e0e5ab0e66a28c4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "domain_permissions" ADD CONSTRAINT "FK_c61781fa9fd670550fe7bc85fd7" FOREIGN KEY ("domain_id") REFERENCES "domains"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "domain_permissions" DROP CONSTRAINT "FK_c61781fa9fd670550fe7bc85fd7"`,
    );
    await queryRunner.query(
      `ALTER TABLE "domain_permissions" DROP CONSTRAINT "FK_617d7ba6e981e0e5ab0e66a28c4"`,
    );
    await queryRunner.query(`DROP INDEX "public"."uq_domain_permissions_user_domain_level"`);
    await queryRunner.query(`DROP INDEX "public"."ix_domain_permissions_domain"`);
    await queryRunner.query(`DROP TABLE "domain_permissions"`);
    await queryRunner.query(`DROP TABLE "domains"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
