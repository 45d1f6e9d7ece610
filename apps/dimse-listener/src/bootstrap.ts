import { INestApplication, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DimseListenerModule } from '@axiom/feature-ingest';
import { AppConfig, loadConfig } from '@axiom/platform-config';
import { HealthController, MetricsModule, RuntimeModule, createAppLogger } from '@axiom/runtime';

/** The C-STORE listeners of this AXIOM_INSTANCE_ID, with /health on HEALTH_PORT. */
export async function bootstrap(config: AppConfig = loadConfig(process.env, { requireDistributed: true })): Promise<INestApplication> {
  @Module({ imports: [RuntimeModule.forRoot(config), DimseListenerModule, MetricsModule.forRoot({ port: 'health', allowAnonymous: true })], controllers: [HealthController] })
  class DimseListenerAppModule {}

  const app = await NestFactory.create(DimseListenerAppModule, { logger: createAppLogger('dimse-listener', config) });
  app.enableShutdownHooks();
  await app.listen(config.healthPort, config.healthHost);
  new Logger('DimseListener').log(`instance "${config.instanceId}"; health on port ${config.healthPort}`);
  return app;
}
