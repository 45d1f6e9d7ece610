export * from './delivery.service';
export * from './routing.module';
export * from './routing.service';
export * from './ruleset-loader.service';
export * from './sweeper.service';
