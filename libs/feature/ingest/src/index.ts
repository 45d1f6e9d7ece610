export * from './dimse-listener.manager';
export * from './ingest.module';
export * from './ingest.service';
export * from './move-attribution';
