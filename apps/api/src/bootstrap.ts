import { Global, INestApplication, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthModule } from '@axiom/auth';
import { AdminBootstrapService, ConfigAdminModule, DryRunModule, QUEUE_STATUS_SOURCE, configureHttpApp } from '@axiom/feature-config-admin';
import { DicomwebIngressModule } from '@axiom/feature-dicomweb';
import { RulesetLoaderModule, RulesetLoaderService } from '@axiom/feature-routing';
import { queueDepths, routingConsumers } from '@axiom/messaging';
import { AppConfig, loadConfig } from '@axiom/platform-config';
import { MetricsModule, RuntimeModule, createAppLogger } from '@axiom/runtime';

/** The configuration and status API of the distributed mode (runs the migrations on start). */
export async function bootstrap(config: AppConfig = loadConfig(process.env, { requireDistributed: true })): Promise<INestApplication> {
  @Global()
  @Module({
    providers: [{ provide: QUEUE_STATUS_SOURCE, useValue: {
      depths: () => queueDepths(config.rabbitmqUrl as string), routingConsumers: () => routingConsumers(config.rabbitmqUrl as string),
    } }],
    exports: [QUEUE_STATUS_SOURCE],
  })
  class QueueStatusModule {}

  @Module({ imports: [RuntimeModule.forRoot(config, { migrate: true, queueMetrics: true }), QueueStatusModule,
    MetricsModule.forRoot({ port: 'api', allowAnonymous: config.metrics.allowAnonymous }), AuthModule, ConfigAdminModule, DicomwebIngressModule,
    DryRunModule.forRoot({ imports: [RulesetLoaderModule], useExisting: RulesetLoaderService })] })
  class ApiModule {}

  const app = await NestFactory.create(ApiModule, { logger: createAppLogger('api', config) });
  app.enableShutdownHooks();
  await configureHttpApp(app);
  const admin = await app.get(AdminBootstrapService).ensureFirstAdmin();
  if (admin.created && admin.apiKey && !config.adminApiKey) {
    process.stdout.write(`\nFirst start: created admin ${admin.email}. API key (shown once, store it now):\n\n  ${admin.apiKey}\n\n`);
  }
  await app.listen(config.port, process.env['HOST'] ?? '0.0.0.0');
  new Logger('Api').log(`API on port ${config.port}`);
  return app;
}
