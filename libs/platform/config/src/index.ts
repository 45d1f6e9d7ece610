export * from './app-config';
export * from './env-reader';
export * from './load-config';
