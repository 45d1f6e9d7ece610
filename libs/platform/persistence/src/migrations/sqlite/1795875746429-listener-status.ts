import { MigrationInterface, QueryRunner } from 'typeorm';

export class ListenerStatus1795875746429 implements MigrationInterface {
  name = 'ListenerStatus1795875746429';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "listener_status" ("listener_id" integer PRIMARY KEY NOT NULL, "instance_id" varchar(100) NOT NULL, "state" varchar(16) NOT NULL, "associations" integer NOT NULL DEFAULT (0), "stored" integer NOT NULL DEFAULT (0), "failed" integer NOT NULL DEFAULT (0), "last_error" text, "last_error_at" varchar(32), "reported_at" datetime NOT NULL)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "listener_status"');
  }
}
