import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The polling framework: per-source lease, cursor and schedule; seen studies and items;
 * politeness per source. Columns are added in place (no table rebuild).
 */
export class PollingState1796170000000 implements MigrationInterface {
  name = 'PollingState1796170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "polling_states" ("source_kind" varchar(16) NOT NULL, "source_id" integer NOT NULL, "lease_owner" varchar(96), "lease_expires_at" datetime, "watermark" datetime, "next_run_at" datetime, "poll_requested_at" datetime, "consecutive_failures" integer NOT NULL DEFAULT (0), PRIMARY KEY ("source_kind", "source_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "polling_seen" ("source_kind" varchar(16) NOT NULL, "source_id" integer NOT NULL, "level" varchar(8) NOT NULL, "item_key" varchar(128) NOT NULL, "signature" varchar(255), "seen_at" datetime NOT NULL, PRIMARY KEY ("source_kind", "source_id", "level", "item_key"))',
    );
    await queryRunner.query(
      'ALTER TABLE "dicomweb_sources" ADD COLUMN "max_concurrent_retrievals" integer NOT NULL DEFAULT (2)',
    );
    await queryRunner.query(
      'ALTER TABLE "dimse_qr_sources" ADD COLUMN "max_concurrent_retrievals" integer NOT NULL DEFAULT (2)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "dimse_qr_sources" DROP COLUMN "max_concurrent_retrievals"');
    await queryRunner.query('ALTER TABLE "dicomweb_sources" DROP COLUMN "max_concurrent_retrievals"');
    await queryRunner.query('DROP TABLE "polling_seen"');
    await queryRunner.query('DROP TABLE "polling_states"');
  }
}
