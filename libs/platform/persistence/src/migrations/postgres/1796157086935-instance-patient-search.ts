import { MigrationInterface, QueryRunner } from 'typeorm';

export class InstancePatientSearch1796157086935 implements MigrationInterface {
  name = 'InstancePatientSearch1796157086935';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "instances" ADD "patient_id" character varying(64)');
    await queryRunner.query('ALTER TABLE "instances" ADD "patient_name" character varying(256)');
    await queryRunner.query('ALTER TABLE "instances" ADD "accession_number" character varying(64)');
    await queryRunner.query('CREATE INDEX "IDX_452d2529ce5209a88f4355fa2c" ON "instances"  ("patient_id") ');
    await queryRunner.query('CREATE INDEX "IDX_20b5c2a71cf02a9039188d7ea4" ON "instances"  ("accession_number") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_20b5c2a71cf02a9039188d7ea4"');
    await queryRunner.query('DROP INDEX "public"."IDX_452d2529ce5209a88f4355fa2c"');
    await queryRunner.query('ALTER TABLE "instances" DROP COLUMN "accession_number"');
    await queryRunner.query('ALTER TABLE "instances" DROP COLUMN "patient_name"');
    await queryRunner.query('ALTER TABLE "instances" DROP COLUMN "patient_id"');
  }
}
