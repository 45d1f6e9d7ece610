import { MigrationInterface, QueryRunner } from 'typeorm';

/** Circuit breakers of storage backends, and a storage backend's own retry schedule. */
export class DeliveryBreakersAndRetryPolicy1796181500000 implements MigrationInterface {
  name = 'DeliveryBreakersAndRetryPolicy1796181500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "storage_backend_breakers" ("storage_backend_id" integer PRIMARY KEY NOT NULL, "state" varchar(16) NOT NULL, "consecutive_failures" integer NOT NULL DEFAULT (0), "opened_at" datetime, "next_probe_at" datetime, "last_error" text, "updated_at" datetime NOT NULL)',
    );
    await queryRunner.query('ALTER TABLE "storage_backends" ADD COLUMN "retry_policy" text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "storage_backends" DROP COLUMN "retry_policy"');
    await queryRunner.query('DROP TABLE "storage_backend_breakers"');
  }
}
