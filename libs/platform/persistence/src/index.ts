export * from './data-source';
export * from './entities';
export * from './snake-naming.strategy';
export * from './ledger';
export * from './scratch-database';
