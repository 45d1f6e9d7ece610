// The stores and repositories other libs use, the entities they read, and the database set-up of
// the apps and tools. Internals (the naming strategy, the entity list, the SQL helpers) stay here.
export * from './access';
export * from './config';
export * from './credentials';
export { dataSourceOptions, openDatabase, schemaDrift, type DatabaseSettings, type Dialect } from './data-source';
export * from './database.module';
export * from './entities/api-key.entity';
export * from './entities/audit-log.entity';
export * from './entities/input-sources.entity';
export * from './entities/instance.entity';
export * from './entities/listener-status.entity';
export * from './entities/polling.entity';
export * from './entities/ruleset.entity';
export * from './entities/storage-backend.entity';
export * from './entities/storage-backend-breaker.entity';
export * from './entities/user.entity';
export * from './ledger';
export * from './listeners';
export * from './polling';
export * from './routing';
/** A scratch PostgreSQL database, for test code and the schema tools (only this lib may import pg). */
export { createScratchPostgres } from './scratch-database';
export * from './status';
