export * from './runtime.module';
export * from './run-main';
export * from './health.controller';
export * from './http-listening';
export * from './app-logger.factory';
export * from './metrics.controller';
export * from './graceful-shutdown';
