import { MigrationInterface, QueryRunner } from 'typeorm';

const DELIVERY_COLUMNS: [string, string][] = [
  ['claim_owner', 'character varying(96)'],
  ['claimed_at', 'TIMESTAMP'],
  ['output_study_instance_uid', 'character varying(64)'],
  ['output_series_instance_uid', 'character varying(64)'],
  ['output_sop_instance_uid', 'character varying(64)'],
  ['output_sop_class_uid', 'character varying(64)'],
  ['output_transfer_syntax_uid', 'character varying(64)'],
  ['output_dataset_offset', 'integer'],
];

export class DeliveryClaimsAndOutputFacts1796157125454 implements MigrationInterface {
  name = 'DeliveryClaimsAndOutputFacts1796157125454';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "instances" ADD "dataset_offset" integer');
    for (const [name, type] of DELIVERY_COLUMNS)
      await queryRunner.query(`ALTER TABLE "deliveries" ADD "${name}" ${type}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of [...DELIVERY_COLUMNS].reverse())
      await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "${name}"`);
    await queryRunner.query('ALTER TABLE "instances" DROP COLUMN "dataset_offset"');
  }
}
