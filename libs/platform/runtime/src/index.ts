export * from './runtime.module';
export * from './run-main';
export * from './health.controller';
export * from './http-listening';
