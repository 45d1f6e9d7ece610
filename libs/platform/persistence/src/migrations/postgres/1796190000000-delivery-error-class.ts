import { MigrationInterface, QueryRunner } from 'typeorm';

/** Deliveries: error_class, why the last attempt failed (connection_refused, timeout, peer_status, ...). */
export class DeliveryErrorClass1796190000000 implements MigrationInterface {
  name = 'DeliveryErrorClass1796190000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "deliveries" ADD "error_class" character varying(32)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "deliveries" DROP COLUMN "error_class"');
  }
}
