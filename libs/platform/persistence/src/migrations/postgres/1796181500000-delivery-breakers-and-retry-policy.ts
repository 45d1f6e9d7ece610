import { MigrationInterface, QueryRunner } from 'typeorm';

/** Circuit breakers of storage backends, and a storage backend's own retry schedule. */
export class DeliveryBreakersAndRetryPolicy1796181500000 implements MigrationInterface {
  name = 'DeliveryBreakersAndRetryPolicy1796181500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "storage_backend_breakers" ("storage_backend_id" integer NOT NULL, "state" character varying(16) NOT NULL, "consecutive_failures" integer NOT NULL DEFAULT \'0\', "opened_at" TIMESTAMP, "next_probe_at" TIMESTAMP, "last_error" text, "updated_at" TIMESTAMP NOT NULL, CONSTRAINT "PK_1f5f53eefb8b82102f09bed8db4" PRIMARY KEY ("storage_backend_id"))',
    );
    await queryRunner.query('ALTER TABLE "storage_backends" ADD "retry_policy" text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "storage_backends" DROP COLUMN "retry_policy"');
    await queryRunner.query('DROP TABLE "storage_backend_breakers"');
  }
}
