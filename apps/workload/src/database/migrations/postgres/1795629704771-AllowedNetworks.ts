import { MigrationInterface, QueryRunner } from 'typeorm';

export class AllowedNetworks1795629704771 implements MigrationInterface {
  name = 'AllowedNetworks1795629704771';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "allowed_networks" character varying(2048)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "allowed_networks"`);
  }
}
