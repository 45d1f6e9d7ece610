export * from './data-source';
export * from './entities';
export * from './snake-naming.strategy';
export * from './ledger';
export * from './polling';
export * from './scratch-database';
