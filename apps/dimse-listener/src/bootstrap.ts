import { INestApplication, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DimseListenerModule } from '@axiom/feature-ingest';
import { AppConfig, loadConfig } from '@axiom/platform-config';
import { HealthController, RuntimeModule } from '@axiom/runtime';

/** The C-STORE listeners of this AXIOM_INSTANCE_ID, with /health on HEALTH_PORT. */
export async function bootstrap(config: AppConfig = loadConfig(process.env, { requireDistributed: true })): Promise<INestApplication> {
  @Module({ imports: [RuntimeModule.forRoot(config), DimseListenerModule], controllers: [HealthController] })
  class DimseListenerAppModule {}

  const app = await NestFactory.create(DimseListenerAppModule, { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  await app.listen(config.healthPort, '127.0.0.1');
  new Logger('DimseListener').log(`instance "${config.instanceId}"; health on port ${config.healthPort}`);
  return app;
}
