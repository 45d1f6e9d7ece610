import { MigrationInterface, QueryRunner } from 'typeorm';

/** DIMSE Q/R sources: retrieve_method (C-MOVE, the default, or C-GET). */
export class DimseQrRetrieveMethod1796183712043 implements MigrationInterface {
  name = 'DimseQrRetrieveMethod1796183712043';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "dimse_qr_sources" ADD "retrieve_method" character varying(8) NOT NULL DEFAULT \'C-MOVE\'',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "dimse_qr_sources" DROP COLUMN "retrieve_method"');
  }
}
