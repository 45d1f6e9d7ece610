export * from './spool.service';
export * from './spool.module';
