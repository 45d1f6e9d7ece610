export * from './runtime.module';
export * from './run-main';
export * from './health.controller';
