import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deliveries: a morphed output kept as its new start (`output_head`, base64) followed by the
 * file at `output_path` from `output_source_offset` on, instead of a second file on disk.
 */
export class SplicedOutputs1796300000000 implements MigrationInterface {
  name = 'SplicedOutputs1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "deliveries" ADD COLUMN "output_head" text');
    await queryRunner.query('ALTER TABLE "deliveries" ADD COLUMN "output_source_offset" integer');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "deliveries" DROP COLUMN "output_source_offset"');
    await queryRunner.query('ALTER TABLE "deliveries" DROP COLUMN "output_head"');
  }
}
