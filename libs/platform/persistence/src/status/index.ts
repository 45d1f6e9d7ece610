export * from './status-persistence.module';
export * from './status.store';
export * from './throughput.store';
