import { MigrationInterface, QueryRunner } from 'typeorm';

/** The polling framework: per-source lease, cursor and schedule; seen studies and items; politeness per source. */
export class PollingState1796170000000 implements MigrationInterface {
  name = 'PollingState1796170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "polling_states" ("source_kind" character varying(16) NOT NULL, "source_id" integer NOT NULL, "lease_owner" character varying(96), "lease_expires_at" TIMESTAMP, "watermark" TIMESTAMP, "next_run_at" TIMESTAMP, "poll_requested_at" TIMESTAMP, "consecutive_failures" integer NOT NULL DEFAULT \'0\', CONSTRAINT "PK_4857d7476fe789c2f3743cc0c1f" PRIMARY KEY ("source_kind", "source_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "polling_seen" ("source_kind" character varying(16) NOT NULL, "source_id" integer NOT NULL, "level" character varying(8) NOT NULL, "item_key" character varying(128) NOT NULL, "signature" character varying(255), "seen_at" TIMESTAMP NOT NULL, CONSTRAINT "PK_17179dba777a604ea9031d24dc7" PRIMARY KEY ("source_kind", "source_id", "level", "item_key"))',
    );
    await queryRunner.query(
      'ALTER TABLE "dicomweb_sources" ADD "max_concurrent_retrievals" integer NOT NULL DEFAULT \'2\'',
    );
    await queryRunner.query(
      'ALTER TABLE "dimse_qr_sources" ADD "max_concurrent_retrievals" integer NOT NULL DEFAULT \'2\'',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "dimse_qr_sources" DROP COLUMN "max_concurrent_retrievals"');
    await queryRunner.query('ALTER TABLE "dicomweb_sources" DROP COLUMN "max_concurrent_retrievals"');
    await queryRunner.query('DROP TABLE "polling_seen"');
    await queryRunner.query('DROP TABLE "polling_states"');
  }
}
