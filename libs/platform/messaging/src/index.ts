export * from './in-process.transport';
export * from './message-publisher';
export * from './rmq.transport';
export * from './settle';
