import { MigrationInterface, QueryRunner } from 'typeorm';

export class RoutingAttemptsAndDeliveryDetail1796154687620 implements MigrationInterface {
  name = 'RoutingAttemptsAndDeliveryDetail1796154687620';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "instances" ADD "routing_attempts" integer NOT NULL DEFAULT \'0\'');
    await queryRunner.query('ALTER TABLE "deliveries" ADD "detail" text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "deliveries" DROP COLUMN "detail"');
    await queryRunner.query('ALTER TABLE "instances" DROP COLUMN "routing_attempts"');
  }
}
