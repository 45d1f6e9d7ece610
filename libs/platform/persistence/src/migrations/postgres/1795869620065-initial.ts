import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795869620065 implements MigrationInterface {
  name = 'Initial1795869620065';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "roles" ("id" SERIAL NOT NULL, "name" character varying(50) NOT NULL, "description" character varying(255), CONSTRAINT "UQ_648e3f5447f725579d7d4ffdfb7" UNIQUE ("name"), CONSTRAINT "PK_c1433d71a4838793a49dcad46ab" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "users" ("created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), "id" SERIAL NOT NULL, "email" character varying(255) NOT NULL, "full_name" character varying(255), "is_active" boolean NOT NULL DEFAULT true, "google_id" character varying(255), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "UQ_0bd5012aeb82628e07f6a1be53b" UNIQUE ("google_id"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "api_keys" ("created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), "id" SERIAL NOT NULL, "name" character varying(100) NOT NULL, "prefix" character varying(32) NOT NULL, "hashed_key" character varying(255) NOT NULL, "is_active" boolean NOT NULL DEFAULT true, "expires_at" TIMESTAMP, "last_used_at" TIMESTAMP, "user_id" integer NOT NULL, CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_6f6105c8efe05b310d046cbdb3" ON "api_keys"  ("prefix") ');
    await queryRunner.query(
      'CREATE TABLE "audit_log" ("id" SERIAL NOT NULL, "created_at" TIMESTAMP NOT NULL, "user_id" integer, "actor" character varying(255), "action" character varying(32) NOT NULL, "entity_type" character varying(64) NOT NULL, "entity_id" character varying(64), "before" text, "after" text, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_2ad7930a7c2af80585c8c1b770" ON "audit_log"  ("created_at") ');
    await queryRunner.query(
      'CREATE TABLE "dimse_listeners" ("created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), "id" SERIAL NOT NULL, "name" character varying(100) NOT NULL, "description" text, "ae_title" character varying(16) NOT NULL, "port" integer NOT NULL, "is_enabled" boolean NOT NULL DEFAULT true, "instance_id" character varying(100) NOT NULL DEFAULT \'default\', "tls_enabled" boolean NOT NULL DEFAULT false, CONSTRAINT "UQ_8de925aaefed6262fa15cdd54d1" UNIQUE ("name"), CONSTRAINT "PK_7d2540c6827cf8af8187ffdc3e3" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "dicomweb_sources" ("created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), "id" SERIAL NOT NULL, "name" character varying(100) NOT NULL, "description" text, "base_url" character varying(500) NOT NULL, "qido_prefix" character varying(100) NOT NULL DEFAULT \'qido-rs\', "wado_prefix" character varying(100) NOT NULL DEFAULT \'wado-rs\', "polling_interval_seconds" integer NOT NULL DEFAULT \'300\', "is_enabled" boolean NOT NULL DEFAULT true, "is_active" boolean NOT NULL DEFAULT true, "auth_type" character varying(16) NOT NULL DEFAULT \'none\', "secrets" text, "search_filters" text, "last_processed_timestamp" TIMESTAMP, "last_successful_run" TIMESTAMP, "last_error_run" TIMESTAMP, "last_error_message" text, "found_instance_count" integer NOT NULL DEFAULT \'0\', "queued_instance_count" integer NOT NULL DEFAULT \'0\', "processed_instance_count" integer NOT NULL DEFAULT \'0\', CONSTRAINT "UQ_c60e636d8ddbf6a657c6b04c1c4" UNIQUE ("name"), CONSTRAINT "PK_ff01d2b724d6b016a9a70e1910b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "dimse_qr_sources" ("created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), "id" SERIAL NOT NULL, "name" character varying(100) NOT NULL, "description" text, "remote_ae_title" character varying(16) NOT NULL, "remote_host" character varying(255) NOT NULL, "remote_port" integer NOT NULL, "local_ae_title" character varying(16) NOT NULL DEFAULT \'AXIOM_QR_SCU\', "polling_interval_seconds" integer NOT NULL DEFAULT \'300\', "is_enabled" boolean NOT NULL DEFAULT true, "is_active" boolean NOT NULL DEFAULT true, "query_level" character varying(16) NOT NULL DEFAULT \'STUDY\', "query_filters" text, "move_destination_ae_title" character varying(16) NOT NULL, "last_successful_query" TIMESTAMP, "last_successful_move" TIMESTAMP, "last_error_time" TIMESTAMP, "last_error_message" text, "found_study_count" integer NOT NULL DEFAULT \'0\', "move_queued_study_count" integer NOT NULL DEFAULT \'0\', "processed_instance_count" integer NOT NULL DEFAULT \'0\', CONSTRAINT "UQ_8d895f1584adc5c28bbf7f641a5" UNIQUE ("name"), CONSTRAINT "PK_8cc2df63476d0726fc6adaac84d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "storage_backends" ("created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), "id" SERIAL NOT NULL, "name" character varying(100) NOT NULL, "description" text, "is_enabled" boolean NOT NULL DEFAULT true, "backend_type" character varying(32) NOT NULL, "config" text NOT NULL, "secrets" text, CONSTRAINT "UQ_a92e7cf497cf8a92eae9e6aaf9b" UNIQUE ("name"), CONSTRAINT "PK_db13f66d069f9b9e1dcc8e3148c" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "instances" ("created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), "id" SERIAL NOT NULL, "source_type" character varying(32) NOT NULL, "source_name" character varying(100) NOT NULL, "calling_ae_title" character varying(16), "called_ae_title" character varying(16), "peer_address" character varying(64), "study_instance_uid" character varying(64), "series_instance_uid" character varying(64), "sop_instance_uid" character varying(64) NOT NULL, "sop_class_uid" character varying(64) NOT NULL, "transfer_syntax_uid" character varying(64) NOT NULL, "spool_path" character varying(1024) NOT NULL, "size_bytes" integer NOT NULL, "received_at" TIMESTAMP NOT NULL, "state" character varying(16) NOT NULL, "routed_at" TIMESTAMP, "completed_at" TIMESTAMP, "matched_rules" text, "morphing" text, "error_message" text, CONSTRAINT "PK_11862209053330b4765f7f54178" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_5d4a81b857d0f51a122fcdb56b" ON "instances"  ("study_instance_uid") ');
    await queryRunner.query('CREATE INDEX "IDX_dbeeb98e48a80767c9445b7afd" ON "instances"  ("sop_instance_uid") ');
    await queryRunner.query('CREATE INDEX "IDX_84ff7e0e9b8ca4e5d243715b59" ON "instances"  ("state") ');
    await queryRunner.query(
      'CREATE TABLE "deliveries" ("created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), "id" SERIAL NOT NULL, "instance_id" integer NOT NULL, "storage_backend_id" integer NOT NULL, "rule_id" integer, "output_key" character varying(64) NOT NULL, "output_path" character varying(1024) NOT NULL, "status" character varying(16) NOT NULL, "attempts" integer NOT NULL DEFAULT \'0\', "last_error" text, "next_attempt_at" TIMESTAMP, "delivered_at" TIMESTAMP, CONSTRAINT "uq_delivery_instance_destination_output" UNIQUE ("instance_id", "storage_backend_id", "output_key"), CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_3235c9c06d9d3028a11ec8081d" ON "deliveries"  ("status") ');
    await queryRunner.query(
      'CREATE TABLE "rulesets" ("created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), "id" SERIAL NOT NULL, "name" character varying(100) NOT NULL, "description" text, "is_active" boolean NOT NULL DEFAULT true, "priority" integer NOT NULL DEFAULT \'0\', "execution_mode" character varying(16) NOT NULL DEFAULT \'FIRST_MATCH\', CONSTRAINT "UQ_7b8c1c608f25fe9d90b2ee0aaa4" UNIQUE ("name"), CONSTRAINT "PK_7f1d2230e0c15bdab599eb053d1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "rules" ("created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), "id" SERIAL NOT NULL, "ruleset_id" integer NOT NULL, "name" character varying(100) NOT NULL, "description" text, "is_active" boolean NOT NULL DEFAULT true, "priority" integer NOT NULL DEFAULT \'100\', "match_criteria" text NOT NULL, "association_criteria" text NOT NULL, "tag_modifications" text NOT NULL, "applicable_sources" text, CONSTRAINT "PK_10fef696a7d61140361b1b23608" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "user_roles" ("user_id" integer NOT NULL, "role_id" integer NOT NULL, CONSTRAINT "PK_23ed6f04fe43066df08379fd034" PRIMARY KEY ("user_id", "role_id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_87b8888186ca9769c960e92687" ON "user_roles"  ("user_id") ');
    await queryRunner.query('CREATE INDEX "IDX_b23c65e50a758245a33ee35fda" ON "user_roles"  ("role_id") ');
    await queryRunner.query(
      'CREATE TABLE "rule_destinations" ("rule_id" integer NOT NULL, "storage_backend_id" integer NOT NULL, CONSTRAINT "PK_274ed769b9c4df5ba03bc91bf93" PRIMARY KEY ("rule_id", "storage_backend_id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_b6ab92891fa3771703cfc82a70" ON "rule_destinations"  ("rule_id") ');
    await queryRunner.query(
      'CREATE INDEX "IDX_08de93af51b888903f07f8183f" ON "rule_destinations"  ("storage_backend_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "api_keys" ADD CONSTRAINT "FK_a3baee01d8408cd3c0f89a9a973" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "deliveries" ADD CONSTRAINT "FK_d44a8bc0d2a51d81fa368be9d48" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "deliveries" ADD CONSTRAINT "FK_868bb7ed65791359df7f674b819" FOREIGN KEY ("storage_backend_id") REFERENCES "storage_backends"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "rules" ADD CONSTRAINT "FK_9f9033da5bbed67544ccd476477" FOREIGN KEY ("ruleset_id") REFERENCES "rulesets"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "user_roles" ADD CONSTRAINT "FK_87b8888186ca9769c960e926870" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE',
    );
    await queryRunner.query(
      'ALTER TABLE "user_roles" ADD CONSTRAINT "FK_b23c65e50a758245a33ee35fda1" FOREIGN KEY ("role_id") REFERENCES "roles"("id") ON DELETE CASCADE ON UPDATE CASCADE',
    );
    await queryRunner.query(
      'ALTER TABLE "rule_destinations" ADD CONSTRAINT "FK_b6ab92891fa3771703cfc82a70d" FOREIGN KEY ("rule_id") REFERENCES "rules"("id") ON DELETE CASCADE ON UPDATE CASCADE',
    );
    await queryRunner.query(
      'ALTER TABLE "rule_destinations" ADD CONSTRAINT "FK_08de93af51b888903f07f8183f1" FOREIGN KEY ("storage_backend_id") REFERENCES "storage_backends"("id") ON DELETE CASCADE ON UPDATE CASCADE',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "rule_destinations" DROP CONSTRAINT "FK_08de93af51b888903f07f8183f1"');
    await queryRunner.query('ALTER TABLE "rule_destinations" DROP CONSTRAINT "FK_b6ab92891fa3771703cfc82a70d"');
    await queryRunner.query('ALTER TABLE "user_roles" DROP CONSTRAINT "FK_b23c65e50a758245a33ee35fda1"');
    await queryRunner.query('ALTER TABLE "user_roles" DROP CONSTRAINT "FK_87b8888186ca9769c960e926870"');
    await queryRunner.query('ALTER TABLE "rules" DROP CONSTRAINT "FK_9f9033da5bbed67544ccd476477"');
    await queryRunner.query('ALTER TABLE "deliveries" DROP CONSTRAINT "FK_868bb7ed65791359df7f674b819"');
    await queryRunner.query('ALTER TABLE "deliveries" DROP CONSTRAINT "FK_d44a8bc0d2a51d81fa368be9d48"');
    await queryRunner.query('ALTER TABLE "api_keys" DROP CONSTRAINT "FK_a3baee01d8408cd3c0f89a9a973"');
    await queryRunner.query('DROP INDEX "public"."IDX_08de93af51b888903f07f8183f"');
    await queryRunner.query('DROP INDEX "public"."IDX_b6ab92891fa3771703cfc82a70"');
    await queryRunner.query('DROP TABLE "rule_destinations"');
    await queryRunner.query('DROP INDEX "public"."IDX_b23c65e50a758245a33ee35fda"');
    await queryRunner.query('DROP INDEX "public"."IDX_87b8888186ca9769c960e92687"');
    await queryRunner.query('DROP TABLE "user_roles"');
    await queryRunner.query('DROP TABLE "rules"');
    await queryRunner.query('DROP TABLE "rulesets"');
    await queryRunner.query('DROP INDEX "public"."IDX_3235c9c06d9d3028a11ec8081d"');
    await queryRunner.query('DROP TABLE "deliveries"');
    await queryRunner.query('DROP INDEX "public"."IDX_84ff7e0e9b8ca4e5d243715b59"');
    await queryRunner.query('DROP INDEX "public"."IDX_dbeeb98e48a80767c9445b7afd"');
    await queryRunner.query('DROP INDEX "public"."IDX_5d4a81b857d0f51a122fcdb56b"');
    await queryRunner.query('DROP TABLE "instances"');
    await queryRunner.query('DROP TABLE "storage_backends"');
    await queryRunner.query('DROP TABLE "dimse_qr_sources"');
    await queryRunner.query('DROP TABLE "dicomweb_sources"');
    await queryRunner.query('DROP TABLE "dimse_listeners"');
    await queryRunner.query('DROP INDEX "public"."IDX_2ad7930a7c2af80585c8c1b770"');
    await queryRunner.query('DROP TABLE "audit_log"');
    await queryRunner.query('DROP INDEX "public"."IDX_6f6105c8efe05b310d046cbdb3"');
    await queryRunner.query('DROP TABLE "api_keys"');
    await queryRunner.query('DROP TABLE "users"');
    await queryRunner.query('DROP TABLE "roles"');
  }
}
