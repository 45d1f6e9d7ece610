export * from './dimse-listener.store';
export * from './listener-persistence.module';
export * from './move-source.store';
