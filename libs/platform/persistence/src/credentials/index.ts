export * from './credential-persistence.module';
export * from './credential.store';
