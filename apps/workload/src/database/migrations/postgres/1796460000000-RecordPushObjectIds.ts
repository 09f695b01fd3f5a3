import { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand: no entity maps this table. The ids of a recorded push's objects, in their
// order, so that the next instance stores its zone files without inflating them; NULL in the
// records of earlier versions, whose objects are inflated as before.
export class RecordPushObjectIds1796460000000 implements MigrationInterface {
  name = 'RecordPushObjectIds1796460000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "record_pushes" ADD "object_ids" text[]`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "record_pushes" DROP COLUMN "object_ids"`);
  }
}
