export * from './ledger.repository';
export * from './ledger.types';
export * from './ledger-persistence.module';
export * from './breaker.repository';
export type { InstanceSearch } from './instance-search';
export * from './ledger-search.store';
