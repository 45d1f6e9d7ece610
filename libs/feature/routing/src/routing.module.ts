import { Module } from '@nestjs/common';
import { LedgerPersistenceModule, RoutingPersistenceModule } from '@axiom/persistence';
import { DestinationsModule } from '@axiom/destinations';
import { SecretsModule } from '@axiom/secrets';
import { InstanceFilesModule, SpoolModule } from '@axiom/spool';
import { BreakerGate } from './delivery/breaker-gate.service';
import { DeliveryService } from './delivery.service';
import { RoutingConsumer } from './routing.consumer';
import { RoutingService } from './routing.service';
import { RulesetLoaderService } from './ruleset-loader.service';
import { SweeperService } from './sweeper.service';

/** The router worker's feature: consumers, routing, deliveries and the outbox sweep. */
@Module({
  imports: [
    RoutingPersistenceModule,
    LedgerPersistenceModule,
    SpoolModule,
    InstanceFilesModule,
    DestinationsModule,
    SecretsModule,
  ],
  controllers: [RoutingConsumer],
  providers: [RoutingService, DeliveryService, SweeperService, RulesetLoaderService, BreakerGate],
  exports: [DeliveryService, RulesetLoaderService],
})
export class RoutingModule {}

/** Ruleset loading alone (for the API's dry runs). */
@Module({
  imports: [RoutingPersistenceModule],
  providers: [RulesetLoaderService],
  exports: [RulesetLoaderService],
})
export class RulesetLoaderModule {}
