export * from './routing-config.store';
export * from './routing-persistence.module';
