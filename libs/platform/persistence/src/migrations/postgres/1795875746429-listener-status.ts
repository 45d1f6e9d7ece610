import { MigrationInterface, QueryRunner } from 'typeorm';

export class ListenerStatus1795875746429 implements MigrationInterface {
  name = 'ListenerStatus1795875746429';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "listener_status" ("listener_id" integer NOT NULL, "instance_id" character varying(100) NOT NULL, "state" character varying(16) NOT NULL, "associations" integer NOT NULL DEFAULT \'0\', "stored" integer NOT NULL DEFAULT \'0\', "failed" integer NOT NULL DEFAULT \'0\', "last_error" text, "last_error_at" character varying(32), "reported_at" TIMESTAMP NOT NULL, CONSTRAINT "PK_9b61308dc3be818466aa03365e1" PRIMARY KEY ("listener_id"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "listener_status"');
  }
}
