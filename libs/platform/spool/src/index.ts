export * from './incoming-writer';
export * from './spool.service';
export * from './spool.module';
export * from './spool-retention';
export * from './spool-retention.service';
export * from './instance-files.service';
export * from './spool-space';
export * from './spool-headers';
