import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand from the generated one: the generator rebuilds `instances`, and dropping it
 * while foreign keys are on would cascade-delete every delivery row of an upgraded database.
 * SQLite adds (and, since 3.35, drops) a column in place.
 */
export class InstancePatientSearch1796157086935 implements MigrationInterface {
  name = 'InstancePatientSearch1796157086935';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "instances" ADD COLUMN "patient_id" varchar(64)');
    await queryRunner.query('ALTER TABLE "instances" ADD COLUMN "patient_name" varchar(256)');
    await queryRunner.query('ALTER TABLE "instances" ADD COLUMN "accession_number" varchar(64)');
    await queryRunner.query('CREATE INDEX "IDX_452d2529ce5209a88f4355fa2c" ON "instances" ("patient_id") ');
    await queryRunner.query('CREATE INDEX "IDX_20b5c2a71cf02a9039188d7ea4" ON "instances" ("accession_number") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_20b5c2a71cf02a9039188d7ea4"');
    await queryRunner.query('DROP INDEX "IDX_452d2529ce5209a88f4355fa2c"');
    await queryRunner.query('ALTER TABLE "instances" DROP COLUMN "accession_number"');
    await queryRunner.query('ALTER TABLE "instances" DROP COLUMN "patient_name"');
    await queryRunner.query('ALTER TABLE "instances" DROP COLUMN "patient_id"');
  }
}
