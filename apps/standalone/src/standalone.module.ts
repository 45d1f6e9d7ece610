import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuthModule } from '@axiom/auth';
import { ConfigAdminModule, DryRunModule, LISTENER_STATUS_SOURCE } from '@axiom/feature-config-admin';
import { DicomwebIngressModule } from '@axiom/feature-dicomweb';
import { DimseListenerManager, DimseListenerModule } from '@axiom/feature-ingest';
import { DicomwebSourceDriver, DimseQrSourceDriver, PollingModule } from '@axiom/feature-polling';
import { RoutingModule, RulesetLoaderModule, RulesetLoaderService } from '@axiom/feature-routing';
import { InProcessBroker } from '@axiom/messaging';
import { AppConfig } from '@axiom/platform-config';
import { MetricsModule, RuntimeModule } from '@axiom/runtime';

/** Lends the in-process listener statuses to the status routes. */
@Global()
@Module({
  imports: [DimseListenerModule],
  providers: [{ provide: LISTENER_STATUS_SOURCE, useExisting: DimseListenerManager }],
  exports: [LISTENER_STATUS_SOURCE],
})
class ListenerStatusModule {}

/** The embedded default: every feature in one process, SQLite, in-process transport. */
@Module({})
export class StandaloneModule {
  static forRoot(config: AppConfig, broker: InProcessBroker): DynamicModule {
    return {
      module: StandaloneModule,
      imports: [
        RuntimeModule.forRoot(config, { broker, migrate: true, queueMetrics: true }),
        MetricsModule.forRoot({ port: 'api', allowAnonymous: config.metrics.allowAnonymous }),
        AuthModule,
        DimseListenerModule,
        RoutingModule,
        ListenerStatusModule,
        ConfigAdminModule,
        DicomwebIngressModule,
        PollingModule.forRoot({ drivers: [DicomwebSourceDriver, DimseQrSourceDriver] }),
        DryRunModule.forRoot({ imports: [RulesetLoaderModule], useExisting: RulesetLoaderService }),
      ],
    };
  }
}
