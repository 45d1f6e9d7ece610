import { INestApplication, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DicomwebSourceDriver, DimseQrSourceDriver, PollingModule } from '@axiom/feature-polling';
import { AppConfig, loadConfig } from '@axiom/platform-config';
import { HealthController, MetricsModule, RuntimeModule, createAppLogger } from '@axiom/runtime';
import { SecretsModule } from '@axiom/secrets';

/**
 * The poller process: one scheduler per enabled, active source row (DICOMweb: QIDO-RS, then
 * WADO-RS; DIMSE Q/R: C-FIND, then C-MOVE or C-GET), into the ingest; each source under a lease
 * in the database, so that several pollers can run and a source is polled by one at a time.
 */
export async function bootstrap(config: AppConfig = loadConfig(process.env, { requireDistributed: true })): Promise<INestApplication> {
  @Module({
    imports: [
      RuntimeModule.forRoot(config), SecretsModule, PollingModule.forRoot({ drivers: [DicomwebSourceDriver, DimseQrSourceDriver] }),
      MetricsModule.forRoot({ port: 'health', allowAnonymous: true }),
    ],
    controllers: [HealthController],
  })
  class PollerModule {}

  const app = await NestFactory.create(PollerModule, { logger: createAppLogger('poller', config) });
  app.enableShutdownHooks();
  await app.listen(config.healthPort, config.healthHost);
  new Logger('Poller').log(`polling the source rows; health on port ${config.healthPort}`);
  return app;
}
