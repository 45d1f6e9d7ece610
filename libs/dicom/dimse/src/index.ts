export * from './dimse-status';
export * from './pdu';
export * from './printable';
export * from './scp-server';
export * from './store-pool';
export * from './store-scu';
