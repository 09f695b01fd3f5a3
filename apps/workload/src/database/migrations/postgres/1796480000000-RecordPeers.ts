import { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand: no entity maps this table; the push turns read and write it with plain SQL.
// Where each instance that shares a remote takes hand-offs directly, by the backend pid of its
// turns' connection, with the key that proves a peer read it here. Unlogged, as the turns' other
// tables: a crash loses only addresses, which each instance writes again as it reconnects.
export class RecordPeers1796480000000 implements MigrationInterface {
  name = 'RecordPeers1796480000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNLOGGED TABLE "record_peers" ("pid" integer PRIMARY KEY, "remote" text NOT NULL, "address" text NOT NULL, "port" integer NOT NULL, "key" text NOT NULL)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "record_peers"`);
  }
}
