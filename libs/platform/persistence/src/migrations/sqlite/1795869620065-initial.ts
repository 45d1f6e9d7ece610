import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795869620065 implements MigrationInterface {
  name = 'Initial1795869620065';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "roles" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(50) NOT NULL, "description" varchar(255), CONSTRAINT "UQ_648e3f5447f725579d7d4ffdfb7" UNIQUE ("name"))',
    );
    await queryRunner.query(
      'CREATE TABLE "users" ("created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "email" varchar(255) NOT NULL, "full_name" varchar(255), "is_active" boolean NOT NULL DEFAULT (1), "google_id" varchar(255), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "UQ_0bd5012aeb82628e07f6a1be53b" UNIQUE ("google_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "api_keys" ("created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(100) NOT NULL, "prefix" varchar(32) NOT NULL, "hashed_key" varchar(255) NOT NULL, "is_active" boolean NOT NULL DEFAULT (1), "expires_at" datetime, "last_used_at" datetime, "user_id" integer NOT NULL)',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_6f6105c8efe05b310d046cbdb3" ON "api_keys" ("prefix") ');
    await queryRunner.query(
      'CREATE TABLE "audit_log" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "created_at" datetime NOT NULL, "user_id" integer, "actor" varchar(255), "action" varchar(32) NOT NULL, "entity_type" varchar(64) NOT NULL, "entity_id" varchar(64), "before" text, "after" text)',
    );
    await queryRunner.query('CREATE INDEX "IDX_2ad7930a7c2af80585c8c1b770" ON "audit_log" ("created_at") ');
    await queryRunner.query(
      'CREATE TABLE "dimse_listeners" ("created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(100) NOT NULL, "description" text, "ae_title" varchar(16) NOT NULL, "port" integer NOT NULL, "is_enabled" boolean NOT NULL DEFAULT (1), "instance_id" varchar(100) NOT NULL DEFAULT (\'default\'), "tls_enabled" boolean NOT NULL DEFAULT (0), CONSTRAINT "UQ_8de925aaefed6262fa15cdd54d1" UNIQUE ("name"))',
    );
    await queryRunner.query(
      'CREATE TABLE "dicomweb_sources" ("created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(100) NOT NULL, "description" text, "base_url" varchar(500) NOT NULL, "qido_prefix" varchar(100) NOT NULL DEFAULT (\'qido-rs\'), "wado_prefix" varchar(100) NOT NULL DEFAULT (\'wado-rs\'), "polling_interval_seconds" integer NOT NULL DEFAULT (300), "is_enabled" boolean NOT NULL DEFAULT (1), "is_active" boolean NOT NULL DEFAULT (1), "auth_type" varchar(16) NOT NULL DEFAULT (\'none\'), "secrets" text, "search_filters" text, "last_processed_timestamp" datetime, "last_successful_run" datetime, "last_error_run" datetime, "last_error_message" text, "found_instance_count" integer NOT NULL DEFAULT (0), "queued_instance_count" integer NOT NULL DEFAULT (0), "processed_instance_count" integer NOT NULL DEFAULT (0), CONSTRAINT "UQ_c60e636d8ddbf6a657c6b04c1c4" UNIQUE ("name"))',
    );
    await queryRunner.query(
      'CREATE TABLE "dimse_qr_sources" ("created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(100) NOT NULL, "description" text, "remote_ae_title" varchar(16) NOT NULL, "remote_host" varchar(255) NOT NULL, "remote_port" integer NOT NULL, "local_ae_title" varchar(16) NOT NULL DEFAULT (\'AXIOM_QR_SCU\'), "polling_interval_seconds" integer NOT NULL DEFAULT (300), "is_enabled" boolean NOT NULL DEFAULT (1), "is_active" boolean NOT NULL DEFAULT (1), "query_level" varchar(16) NOT NULL DEFAULT (\'STUDY\'), "query_filters" text, "move_destination_ae_title" varchar(16) NOT NULL, "last_successful_query" datetime, "last_successful_move" datetime, "last_error_time" datetime, "last_error_message" text, "found_study_count" integer NOT NULL DEFAULT (0), "move_queued_study_count" integer NOT NULL DEFAULT (0), "processed_instance_count" integer NOT NULL DEFAULT (0), CONSTRAINT "UQ_8d895f1584adc5c28bbf7f641a5" UNIQUE ("name"))',
    );
    await queryRunner.query(
      'CREATE TABLE "storage_backends" ("created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(100) NOT NULL, "description" text, "is_enabled" boolean NOT NULL DEFAULT (1), "backend_type" varchar(32) NOT NULL, "config" text NOT NULL, "secrets" text, CONSTRAINT "UQ_a92e7cf497cf8a92eae9e6aaf9b" UNIQUE ("name"))',
    );
    await queryRunner.query(
      'CREATE TABLE "instances" ("created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "source_type" varchar(32) NOT NULL, "source_name" varchar(100) NOT NULL, "calling_ae_title" varchar(16), "called_ae_title" varchar(16), "peer_address" varchar(64), "study_instance_uid" varchar(64), "series_instance_uid" varchar(64), "sop_instance_uid" varchar(64) NOT NULL, "sop_class_uid" varchar(64) NOT NULL, "transfer_syntax_uid" varchar(64) NOT NULL, "spool_path" varchar(1024) NOT NULL, "size_bytes" integer NOT NULL, "received_at" datetime NOT NULL, "state" varchar(16) NOT NULL, "routed_at" datetime, "completed_at" datetime, "matched_rules" text, "morphing" text, "error_message" text)',
    );
    await queryRunner.query('CREATE INDEX "IDX_5d4a81b857d0f51a122fcdb56b" ON "instances" ("study_instance_uid") ');
    await queryRunner.query('CREATE INDEX "IDX_dbeeb98e48a80767c9445b7afd" ON "instances" ("sop_instance_uid") ');
    await queryRunner.query('CREATE INDEX "IDX_84ff7e0e9b8ca4e5d243715b59" ON "instances" ("state") ');
    await queryRunner.query(
      'CREATE TABLE "deliveries" ("created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "instance_id" integer NOT NULL, "storage_backend_id" integer NOT NULL, "rule_id" integer, "output_key" varchar(64) NOT NULL, "output_path" varchar(1024) NOT NULL, "status" varchar(16) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "last_error" text, "next_attempt_at" datetime, "delivered_at" datetime, CONSTRAINT "uq_delivery_instance_destination_output" UNIQUE ("instance_id", "storage_backend_id", "output_key"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_3235c9c06d9d3028a11ec8081d" ON "deliveries" ("status") ');
    await queryRunner.query(
      'CREATE TABLE "rulesets" ("created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(100) NOT NULL, "description" text, "is_active" boolean NOT NULL DEFAULT (1), "priority" integer NOT NULL DEFAULT (0), "execution_mode" varchar(16) NOT NULL DEFAULT (\'FIRST_MATCH\'), CONSTRAINT "UQ_7b8c1c608f25fe9d90b2ee0aaa4" UNIQUE ("name"))',
    );
    await queryRunner.query(
      'CREATE TABLE "rules" ("created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "ruleset_id" integer NOT NULL, "name" varchar(100) NOT NULL, "description" text, "is_active" boolean NOT NULL DEFAULT (1), "priority" integer NOT NULL DEFAULT (100), "match_criteria" text NOT NULL, "association_criteria" text NOT NULL, "tag_modifications" text NOT NULL, "applicable_sources" text)',
    );
    await queryRunner.query(
      'CREATE TABLE "user_roles" ("user_id" integer NOT NULL, "role_id" integer NOT NULL, PRIMARY KEY ("user_id", "role_id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_87b8888186ca9769c960e92687" ON "user_roles" ("user_id") ');
    await queryRunner.query('CREATE INDEX "IDX_b23c65e50a758245a33ee35fda" ON "user_roles" ("role_id") ');
    await queryRunner.query(
      'CREATE TABLE "rule_destinations" ("rule_id" integer NOT NULL, "storage_backend_id" integer NOT NULL, PRIMARY KEY ("rule_id", "storage_backend_id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_b6ab92891fa3771703cfc82a70" ON "rule_destinations" ("rule_id") ');
    await queryRunner.query(
      'CREATE INDEX "IDX_08de93af51b888903f07f8183f" ON "rule_destinations" ("storage_backend_id") ',
    );
    await queryRunner.query('DROP INDEX "IDX_6f6105c8efe05b310d046cbdb3"');
    await queryRunner.query(
      'CREATE TABLE "temporary_api_keys" ("created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(100) NOT NULL, "prefix" varchar(32) NOT NULL, "hashed_key" varchar(255) NOT NULL, "is_active" boolean NOT NULL DEFAULT (1), "expires_at" datetime, "last_used_at" datetime, "user_id" integer NOT NULL, CONSTRAINT "FK_a3baee01d8408cd3c0f89a9a973" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_api_keys"("created_at", "updated_at", "id", "name", "prefix", "hashed_key", "is_active", "expires_at", "last_used_at", "user_id") SELECT "created_at", "updated_at", "id", "name", "prefix", "hashed_key", "is_active", "expires_at", "last_used_at", "user_id" FROM "api_keys"',
    );
    await queryRunner.query('DROP TABLE "api_keys"');
    await queryRunner.query('ALTER TABLE "temporary_api_keys" RENAME TO "api_keys"');
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_6f6105c8efe05b310d046cbdb3" ON "api_keys" ("prefix") ');
    await queryRunner.query('DROP INDEX "IDX_3235c9c06d9d3028a11ec8081d"');
    await queryRunner.query(
      'CREATE TABLE "temporary_deliveries" ("created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "instance_id" integer NOT NULL, "storage_backend_id" integer NOT NULL, "rule_id" integer, "output_key" varchar(64) NOT NULL, "output_path" varchar(1024) NOT NULL, "status" varchar(16) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "last_error" text, "next_attempt_at" datetime, "delivered_at" datetime, CONSTRAINT "uq_delivery_instance_destination_output" UNIQUE ("instance_id", "storage_backend_id", "output_key"), CONSTRAINT "FK_d44a8bc0d2a51d81fa368be9d48" FOREIGN KEY ("instance_id") REFERENCES "instances" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_868bb7ed65791359df7f674b819" FOREIGN KEY ("storage_backend_id") REFERENCES "storage_backends" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_deliveries"("created_at", "updated_at", "id", "instance_id", "storage_backend_id", "rule_id", "output_key", "output_path", "status", "attempts", "last_error", "next_attempt_at", "delivered_at") SELECT "created_at", "updated_at", "id", "instance_id", "storage_backend_id", "rule_id", "output_key", "output_path", "status", "attempts", "last_error", "next_attempt_at", "delivered_at" FROM "deliveries"',
    );
    await queryRunner.query('DROP TABLE "deliveries"');
    await queryRunner.query('ALTER TABLE "temporary_deliveries" RENAME TO "deliveries"');
    await queryRunner.query('CREATE INDEX "IDX_3235c9c06d9d3028a11ec8081d" ON "deliveries" ("status") ');
    await queryRunner.query(
      'CREATE TABLE "temporary_rules" ("created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "ruleset_id" integer NOT NULL, "name" varchar(100) NOT NULL, "description" text, "is_active" boolean NOT NULL DEFAULT (1), "priority" integer NOT NULL DEFAULT (100), "match_criteria" text NOT NULL, "association_criteria" text NOT NULL, "tag_modifications" text NOT NULL, "applicable_sources" text, CONSTRAINT "FK_9f9033da5bbed67544ccd476477" FOREIGN KEY ("ruleset_id") REFERENCES "rulesets" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_rules"("created_at", "updated_at", "id", "ruleset_id", "name", "description", "is_active", "priority", "match_criteria", "association_criteria", "tag_modifications", "applicable_sources") SELECT "created_at", "updated_at", "id", "ruleset_id", "name", "description", "is_active", "priority", "match_criteria", "association_criteria", "tag_modifications", "applicable_sources" FROM "rules"',
    );
    await queryRunner.query('DROP TABLE "rules"');
    await queryRunner.query('ALTER TABLE "temporary_rules" RENAME TO "rules"');
    await queryRunner.query('DROP INDEX "IDX_87b8888186ca9769c960e92687"');
    await queryRunner.query('DROP INDEX "IDX_b23c65e50a758245a33ee35fda"');
    await queryRunner.query(
      'CREATE TABLE "temporary_user_roles" ("user_id" integer NOT NULL, "role_id" integer NOT NULL, CONSTRAINT "FK_87b8888186ca9769c960e926870" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_b23c65e50a758245a33ee35fda1" FOREIGN KEY ("role_id") REFERENCES "roles" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("user_id", "role_id"))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_user_roles"("user_id", "role_id") SELECT "user_id", "role_id" FROM "user_roles"',
    );
    await queryRunner.query('DROP TABLE "user_roles"');
    await queryRunner.query('ALTER TABLE "temporary_user_roles" RENAME TO "user_roles"');
    await queryRunner.query('CREATE INDEX "IDX_87b8888186ca9769c960e92687" ON "user_roles" ("user_id") ');
    await queryRunner.query('CREATE INDEX "IDX_b23c65e50a758245a33ee35fda" ON "user_roles" ("role_id") ');
    await queryRunner.query('DROP INDEX "IDX_b6ab92891fa3771703cfc82a70"');
    await queryRunner.query('DROP INDEX "IDX_08de93af51b888903f07f8183f"');
    await queryRunner.query(
      'CREATE TABLE "temporary_rule_destinations" ("rule_id" integer NOT NULL, "storage_backend_id" integer NOT NULL, CONSTRAINT "FK_b6ab92891fa3771703cfc82a70d" FOREIGN KEY ("rule_id") REFERENCES "rules" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_08de93af51b888903f07f8183f1" FOREIGN KEY ("storage_backend_id") REFERENCES "storage_backends" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("rule_id", "storage_backend_id"))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_rule_destinations"("rule_id", "storage_backend_id") SELECT "rule_id", "storage_backend_id" FROM "rule_destinations"',
    );
    await queryRunner.query('DROP TABLE "rule_destinations"');
    await queryRunner.query('ALTER TABLE "temporary_rule_destinations" RENAME TO "rule_destinations"');
    await queryRunner.query('CREATE INDEX "IDX_b6ab92891fa3771703cfc82a70" ON "rule_destinations" ("rule_id") ');
    await queryRunner.query(
      'CREATE INDEX "IDX_08de93af51b888903f07f8183f" ON "rule_destinations" ("storage_backend_id") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_08de93af51b888903f07f8183f"');
    await queryRunner.query('DROP INDEX "IDX_b6ab92891fa3771703cfc82a70"');
    await queryRunner.query('ALTER TABLE "rule_destinations" RENAME TO "temporary_rule_destinations"');
    await queryRunner.query(
      'CREATE TABLE "rule_destinations" ("rule_id" integer NOT NULL, "storage_backend_id" integer NOT NULL, PRIMARY KEY ("rule_id", "storage_backend_id"))',
    );
    await queryRunner.query(
      'INSERT INTO "rule_destinations"("rule_id", "storage_backend_id") SELECT "rule_id", "storage_backend_id" FROM "temporary_rule_destinations"',
    );
    await queryRunner.query('DROP TABLE "temporary_rule_destinations"');
    await queryRunner.query(
      'CREATE INDEX "IDX_08de93af51b888903f07f8183f" ON "rule_destinations" ("storage_backend_id") ',
    );
    await queryRunner.query('CREATE INDEX "IDX_b6ab92891fa3771703cfc82a70" ON "rule_destinations" ("rule_id") ');
    await queryRunner.query('DROP INDEX "IDX_b23c65e50a758245a33ee35fda"');
    await queryRunner.query('DROP INDEX "IDX_87b8888186ca9769c960e92687"');
    await queryRunner.query('ALTER TABLE "user_roles" RENAME TO "temporary_user_roles"');
    await queryRunner.query(
      'CREATE TABLE "user_roles" ("user_id" integer NOT NULL, "role_id" integer NOT NULL, PRIMARY KEY ("user_id", "role_id"))',
    );
    await queryRunner.query(
      'INSERT INTO "user_roles"("user_id", "role_id") SELECT "user_id", "role_id" FROM "temporary_user_roles"',
    );
    await queryRunner.query('DROP TABLE "temporary_user_roles"');
    await queryRunner.query('CREATE INDEX "IDX_b23c65e50a758245a33ee35fda" ON "user_roles" ("role_id") ');
    await queryRunner.query('CREATE INDEX "IDX_87b8888186ca9769c960e92687" ON "user_roles" ("user_id") ');
    await queryRunner.query('ALTER TABLE "rules" RENAME TO "temporary_rules"');
    await queryRunner.query(
      'CREATE TABLE "rules" ("created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "ruleset_id" integer NOT NULL, "name" varchar(100) NOT NULL, "description" text, "is_active" boolean NOT NULL DEFAULT (1), "priority" integer NOT NULL DEFAULT (100), "match_criteria" text NOT NULL, "association_criteria" text NOT NULL, "tag_modifications" text NOT NULL, "applicable_sources" text)',
    );
    await queryRunner.query(
      'INSERT INTO "rules"("created_at", "updated_at", "id", "ruleset_id", "name", "description", "is_active", "priority", "match_criteria", "association_criteria", "tag_modifications", "applicable_sources") SELECT "created_at", "updated_at", "id", "ruleset_id", "name", "description", "is_active", "priority", "match_criteria", "association_criteria", "tag_modifications", "applicable_sources" FROM "temporary_rules"',
    );
    await queryRunner.query('DROP TABLE "temporary_rules"');
    await queryRunner.query('DROP INDEX "IDX_3235c9c06d9d3028a11ec8081d"');
    await queryRunner.query('ALTER TABLE "deliveries" RENAME TO "temporary_deliveries"');
    await queryRunner.query(
      'CREATE TABLE "deliveries" ("created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "instance_id" integer NOT NULL, "storage_backend_id" integer NOT NULL, "rule_id" integer, "output_key" varchar(64) NOT NULL, "output_path" varchar(1024) NOT NULL, "status" varchar(16) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "last_error" text, "next_attempt_at" datetime, "delivered_at" datetime, CONSTRAINT "uq_delivery_instance_destination_output" UNIQUE ("instance_id", "storage_backend_id", "output_key"))',
    );
    await queryRunner.query(
      'INSERT INTO "deliveries"("created_at", "updated_at", "id", "instance_id", "storage_backend_id", "rule_id", "output_key", "output_path", "status", "attempts", "last_error", "next_attempt_at", "delivered_at") SELECT "created_at", "updated_at", "id", "instance_id", "storage_backend_id", "rule_id", "output_key", "output_path", "status", "attempts", "last_error", "next_attempt_at", "delivered_at" FROM "temporary_deliveries"',
    );
    await queryRunner.query('DROP TABLE "temporary_deliveries"');
    await queryRunner.query('CREATE INDEX "IDX_3235c9c06d9d3028a11ec8081d" ON "deliveries" ("status") ');
    await queryRunner.query('DROP INDEX "IDX_6f6105c8efe05b310d046cbdb3"');
    await queryRunner.query('ALTER TABLE "api_keys" RENAME TO "temporary_api_keys"');
    await queryRunner.query(
      'CREATE TABLE "api_keys" ("created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(100) NOT NULL, "prefix" varchar(32) NOT NULL, "hashed_key" varchar(255) NOT NULL, "is_active" boolean NOT NULL DEFAULT (1), "expires_at" datetime, "last_used_at" datetime, "user_id" integer NOT NULL)',
    );
    await queryRunner.query(
      'INSERT INTO "api_keys"("created_at", "updated_at", "id", "name", "prefix", "hashed_key", "is_active", "expires_at", "last_used_at", "user_id") SELECT "created_at", "updated_at", "id", "name", "prefix", "hashed_key", "is_active", "expires_at", "last_used_at", "user_id" FROM "temporary_api_keys"',
    );
    await queryRunner.query('DROP TABLE "temporary_api_keys"');
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_6f6105c8efe05b310d046cbdb3" ON "api_keys" ("prefix") ');
    await queryRunner.query('DROP INDEX "IDX_08de93af51b888903f07f8183f"');
    await queryRunner.query('DROP INDEX "IDX_b6ab92891fa3771703cfc82a70"');
    await queryRunner.query('DROP TABLE "rule_destinations"');
    await queryRunner.query('DROP INDEX "IDX_b23c65e50a758245a33ee35fda"');
    await queryRunner.query('DROP INDEX "IDX_87b8888186ca9769c960e92687"');
    await queryRunner.query('DROP TABLE "user_roles"');
    await queryRunner.query('DROP TABLE "rules"');
    await queryRunner.query('DROP TABLE "rulesets"');
    await queryRunner.query('DROP INDEX "IDX_3235c9c06d9d3028a11ec8081d"');
    await queryRunner.query('DROP TABLE "deliveries"');
    await queryRunner.query('DROP INDEX "IDX_84ff7e0e9b8ca4e5d243715b59"');
    await queryRunner.query('DROP INDEX "IDX_dbeeb98e48a80767c9445b7afd"');
    await queryRunner.query('DROP INDEX "IDX_5d4a81b857d0f51a122fcdb56b"');
    await queryRunner.query('DROP TABLE "instances"');
    await queryRunner.query('DROP TABLE "storage_backends"');
    await queryRunner.query('DROP TABLE "dimse_qr_sources"');
    await queryRunner.query('DROP TABLE "dicomweb_sources"');
    await queryRunner.query('DROP TABLE "dimse_listeners"');
    await queryRunner.query('DROP INDEX "IDX_2ad7930a7c2af80585c8c1b770"');
    await queryRunner.query('DROP TABLE "audit_log"');
    await queryRunner.query('DROP INDEX "IDX_6f6105c8efe05b310d046cbdb3"');
    await queryRunner.query('DROP TABLE "api_keys"');
    await queryRunner.query('DROP TABLE "users"');
    await queryRunner.query('DROP TABLE "roles"');
  }
}
