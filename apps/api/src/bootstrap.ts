import { Global, Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuthModule } from '@axiom/auth';
import {
  AdminBootstrapService,
  ConfigAdminModule,
  DryRunModule,
  QUEUE_STATUS_SOURCE,
} from '@axiom/feature-config-admin';
import { DicomwebIngressModule } from '@axiom/feature-dicomweb';
import { RulesetLoaderModule, RulesetLoaderService } from '@axiom/feature-routing';
import { queueDepths, routingConsumers } from '@axiom/messaging';
import { DistributedConfig, loadConfig } from '@axiom/platform-config';
import { MetricsModule, RuntimeModule, bootApp } from '@axiom/runtime';

/** The configuration and status API of the distributed mode (runs the migrations on start). */
export async function bootstrap(
  config: DistributedConfig = loadConfig(process.env, { requireDistributed: true }),
): Promise<NestExpressApplication> {
  @Global()
  @Module({
    providers: [
      {
        provide: QUEUE_STATUS_SOURCE,
        useValue: {
          depths: () => queueDepths(config.rabbitmqUrl),
          routingConsumers: () => routingConsumers(config.rabbitmqUrl),
        },
      },
    ],
    exports: [QUEUE_STATUS_SOURCE],
  })
  class QueueStatusModule {}

  @Module({
    imports: [
      RuntimeModule.forRoot(config, { migrate: true, queueMetrics: true }),
      QueueStatusModule,
      MetricsModule.forRoot({ port: 'api', allowAnonymous: config.metrics.allowAnonymous }),
      AuthModule,
      ConfigAdminModule,
      DicomwebIngressModule,
      DryRunModule.forRoot({ imports: [RulesetLoaderModule], useExisting: RulesetLoaderService }),
    ],
  })
  class ApiModule {}

  return bootApp({
    name: 'api',
    module: ApiModule,
    config,
    http: 'api',
    firstAdmin: AdminBootstrapService,
    summary: 'distributed mode',
  });
}
