export * from './config-persistence.module';
export * from './destinations.store';
export * from './named-config.store';
export * from './rules.store';
export * from './sources.store';
