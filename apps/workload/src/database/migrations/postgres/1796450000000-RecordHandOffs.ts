import { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand: no entity maps this table; the push turns read and write it with plain SQL.
export class RecordHandOffs1796450000000 implements MigrationInterface {
  name = 'RecordHandOffs1796450000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "record_handoffs" ("id" BIGSERIAL PRIMARY KEY, "remote" text NOT NULL, "owner" integer NOT NULL, "changes" jsonb NOT NULL, "taken" boolean NOT NULL DEFAULT false, "result" jsonb, "created_at" timestamptz NOT NULL DEFAULT now())`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_record_handoffs_waiting" ON "record_handoffs" ("remote", "id") WHERE NOT "taken"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "record_handoffs"`);
  }
}
