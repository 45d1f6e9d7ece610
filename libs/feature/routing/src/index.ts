export * from './delivery.service';
export * from './routing.module';
export * from './routing.service';
export * from './ruleset-loader.service';
export * from './sweeper.service';
export * from './delivery/breaker-gate.service';
export * from './delivery/outgoing-instance';
export * from './retry-schedule';
