import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand from the generated one: the generator rebuilds both tables, and dropping
 * `instances` while foreign keys are on would cascade-delete every delivery row of an upgraded
 * database. SQLite adds (and, since 3.35, drops) a column in place.
 */
export class RoutingAttemptsAndDeliveryDetail1796154687620 implements MigrationInterface {
  name = 'RoutingAttemptsAndDeliveryDetail1796154687620';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "instances" ADD COLUMN "routing_attempts" integer NOT NULL DEFAULT (0)');
    await queryRunner.query('ALTER TABLE "deliveries" ADD COLUMN "detail" text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "deliveries" DROP COLUMN "detail"');
    await queryRunner.query('ALTER TABLE "instances" DROP COLUMN "routing_attempts"');
  }
}
