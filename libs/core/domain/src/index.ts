export * from './enums';
export * from './messages';
export * from './rules';
export * from './status';
export * from './errors';
