import { INestApplication, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, loadConfig } from '@axiom/platform-config';
import { HealthController, RuntimeModule } from '@axiom/runtime';

/**
 * The poller process. DICOMweb (QIDO/WADO) and DIMSE Q/R (C-FIND/C-MOVE) polling are separate
 * capabilities not built yet; this release starts the process with its database and broker
 * connections and health endpoint, so deployments can already include it.
 */
export async function bootstrap(config: AppConfig = loadConfig(process.env, { requireDistributed: true })): Promise<INestApplication> {
  @Module({ imports: [RuntimeModule.forRoot(config)], controllers: [HealthController] })
  class PollerModule {}

  const app = await NestFactory.create(PollerModule, { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  await app.listen(config.healthPort, '127.0.0.1');
  new Logger('Poller').log(`started; source polling is not part of this release; health on port ${config.healthPort}`);
  return app;
}
