export * from './polling-persistence.module';
export * from './polling-state.repository';
