export * from './cstore.destination';
export * from './destination';
export * from './destination-registry';
export * from './filesystem.destination';
export * from './path-safety';
