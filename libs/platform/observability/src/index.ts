export * from './app-logger';
export * from './log-context';
export * from './metrics';
export * from './redact';
export * from './structured-logger';
