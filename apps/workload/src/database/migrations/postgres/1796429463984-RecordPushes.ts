import { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand: no entity maps this table; the push turns read and write it with plain SQL.
export class RecordPushes1796429463984 implements MigrationInterface {
  name = 'RecordPushes1796429463984';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "record_pushes" ("id" BIGSERIAL PRIMARY KEY, "remote" text NOT NULL, "commit" text NOT NULL, "parent" text NOT NULL, "objects" bytea[] NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_record_pushes_remote" ON "record_pushes" ("remote")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "record_pushes"`);
  }
}
