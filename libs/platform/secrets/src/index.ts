export * from './key-material';
export * from './secret-box';
export * from './secrets.module';
