import { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand. What the push turns keep (a push's record, a batch handed off and its answer)
// only helps the instances along, and a database crash (which truncates an unlogged table) or a
// failover (whose standby never had it) loses nothing the remote does not hold: a record missing
// is a fetch, a hand-off missing is written again by its instance, whose connection died too.
// Unlogged, these rows cost no write-ahead log: a push's record is its zone files, deflated.
export class TurnTablesUnlogged1796470000000 implements MigrationInterface {
  name = 'TurnTablesUnlogged1796470000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "record_pushes" SET UNLOGGED`);
    await queryRunner.query(`ALTER TABLE "record_handoffs" SET UNLOGGED`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "record_handoffs" SET LOGGED`);
    await queryRunner.query(`ALTER TABLE "record_pushes" SET LOGGED`);
  }
}
