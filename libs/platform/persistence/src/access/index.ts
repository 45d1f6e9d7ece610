export * from './access-persistence.module';
export * from './api-keys.store';
export * from './audit.store';
export * from './roles.store';
export * from './users.store';
