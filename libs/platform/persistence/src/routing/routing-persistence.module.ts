import { Module } from '@nestjs/common';
import { RoutingConfigStore } from './routing-config.store';

/** The configuration reads of the router, its deliveries and the dry runs. */
@Module({ providers: [RoutingConfigStore], exports: [RoutingConfigStore] })
export class RoutingPersistenceModule {}
